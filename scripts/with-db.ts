// Runs a command against a fresh, migrated test database (wheelhouse_test) with local secrets.
import { loadLocalEnv } from "./lib/local-env";
import { run } from "./lib/run";
import { prepareDatabase } from "./migrate";

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) throw new Error("Usage: npx tsx scripts/with-db.ts <command> [args…]");
  const secrets = loadLocalEnv();
  const { url, server } = await prepareDatabase(process.env.WHEELHOUSE_TEST_DB ?? "wheelhouse_test", { fresh: true });
  const code = await run(cmd.includes("/") ? cmd : `node_modules/.bin/${cmd}`, args, { ...secrets, DATABASE_URL: url, NODE_ENV: "test" });
  await server.stop();
  process.exit(code);
}

void main();
