// Prepares a database for the app: starts the embedded server when DATABASE_URL is unset,
// creates the database and applies migrations. Used by dev, tests and e2e.
import { startServer, ensureDatabase } from "./lib/postgres";
import { bin, run } from "./lib/run";

export async function prepareDatabase(name: string, opts: { fresh?: boolean; log?: (l: string) => void } = {}) {
  const log = opts.log ?? ((l: string) => console.log(`[db] ${l}`));
  const server = await startServer(log);
  // With DATABASE_URL set, dev uses that database as is; tests still get their own.
  const url = process.env.DATABASE_URL && name === "wheelhouse" ? process.env.DATABASE_URL : await ensureDatabase(server.serverUrl, name, opts.fresh);
  const code = await run(bin("prisma"), ["migrate", "deploy"], { DATABASE_URL: url });
  if (code !== 0) throw new Error("prisma migrate deploy failed");
  return { url, server };
}
