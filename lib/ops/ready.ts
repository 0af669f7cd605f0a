// Readiness, for a load balancer deciding whether to send this core traffic: the database
// answers and every migration shipped in prisma/migrations is applied (finished, not rolled
// back). A core started against a database another version migrated differently says why,
// naming the migrations; a database error is reported without the connection's credentials.
import "../server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { dbWithoutRetry, type Tx } from "../db";

export type Readiness = { ready: true } | { ready: false; reason: string; missingMigrations?: string[] };

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

/** The migrations this build ships: each folder of prisma/migrations (migration_lock.toml is a file). */
async function shippedMigrations(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

/** A driver's message can quote the connection string: user and password go. */
const withoutCredentials = (message: string) => message.replace(/\/\/[^/@\s]*@/g, "//");

export async function readiness(client: Pick<Tx, "$queryRaw"> = dbWithoutRetry()): Promise<Readiness> {
  let applied: Set<string>;
  try {
    const rows = await client.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = new Set(rows.map((r) => r.migration_name));
  } catch (e) {
    // A database nobody migrated: not a connection problem, every migration is missing.
    if (e instanceof Error && /"?_prisma_migrations"? does not exist/.test(e.message)) applied = new Set();
    else return { ready: false, reason: unreachable(e) };
  }
  const missing = (await shippedMigrations()).filter((name) => !applied.has(name)).sort();
  if (missing.length) return { ready: false, reason: `Migrations not applied: ${missing.join(", ")} (run prisma migrate deploy)`, missingMigrations: missing };
  return { ready: true };
}

function unreachable(e: unknown): string {
  const message =
    withoutCredentials(e instanceof Error ? e.message : String(e))
      .trim()
      .split("\n")[0] ?? "";
  return `The database is not reachable: ${message || "no answer"}`;
}
