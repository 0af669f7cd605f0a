// Creates a migration for schema changes against a scratch database on the embedded server:
//   npx tsx scripts/new-migration.ts <name>
import { ensureDatabase, startServer } from "./lib/postgres";
import { bin, run } from "./lib/run";

async function main() {
  const name = process.argv[2];
  if (!name) throw new Error("usage: tsx scripts/new-migration.ts <name>");
  const server = await startServer(console.log);
  const url = await ensureDatabase(server.serverUrl, "wheelhouse_migrate", true);
  const shadow = await ensureDatabase(server.serverUrl, "wheelhouse_shadow", true);
  const code = await run(bin("prisma"), ["migrate", "dev", "--name", name], { DATABASE_URL: url, SHADOW_DATABASE_URL: shadow });
  await server.stop();
  process.exit(code);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
