// Fails when prisma/schema.prisma and prisma/migrations disagree (a change without its migration).
import { startServer, ensureDatabase } from "./lib/postgres";
import { bin, run } from "./lib/run";

async function main() {
  const server = await startServer();
  const shadow = await ensureDatabase(server.serverUrl, "wheelhouse_shadow", true);
  const code = await run(bin("prisma"), ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"], {
    DATABASE_URL: shadow,
    SHADOW_DATABASE_URL: shadow,
  });
  await server.stop();
  if (code !== 0) console.error("✖ The schema has changes without a migration: run `npx prisma migrate dev` (see README).");
  process.exit(code);
}

void main();
