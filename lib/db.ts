// The one Prisma module (t3's server/db.ts): cached on globalThis so dev reloads and
// several imports share one pool. Secret ciphertext columns are omitted by default
// (Dub's global omit) so no query returns them unless it asks by name.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";
import { retryOnConnectionLoss } from "./retry";

/**
 * Kept literal so Prisma's types know these columns are absent from results; the registry
 * test (lib/resources/registry.test.ts) fails if a type with secret fields is missing here.
 */
export const OMITTED_COLUMNS = {
  variable: { secrets: true },
  credential: { secrets: true },
  alerter: { secrets: true },
  build: { secrets: true },
  repo: { secrets: true },
  stack: { secrets: true },
  procedure: { secrets: true },
  resourceSync: { secrets: true },
  user: { passwordHash: true },
  apiKey: { keyHash: true },
} as const;

function create() {
  // The pool is ours rather than the adapter's so /metrics can read its counts (lib/ops/metrics.ts);
  // the adapter still ends it on $disconnect, as it would its own.
  const pool = (globalForDb.wheelhousePool = new pg.Pool({ connectionString: env.DATABASE_URL }));
  // A database restart (or failover) is waited out, not turned into errors: every query runs
  // again while the connection is refused or cut, for up to 30 s (lib/retry.ts).
  const base = (globalForDb.wheelhouseBase = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), omit: OMITTED_COLUMNS }));
  return base.$extends({
    query: { $allOperations: ({ args, query }) => retryOnConnectionLoss(() => query(args)) },
  });
}

const globalForDb = globalThis as unknown as { wheelhouseDb?: Db; wheelhousePool?: pg.Pool; wheelhouseBase?: PrismaClient };

export type Db = ReturnType<typeof create>;
/** A client or an interactive transaction; service functions accept either. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Connected on first use, so importing a module (as `next build` does) needs no database. */
export const db: Db = new Proxy({} as Db, {
  get(_target, key) {
    const client = (globalForDb.wheelhouseDb ??= create());
    const value = Reflect.get(client, key, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/**
 * `db` without waiting out a database restart, on the same pool: for probes, which must say
 * "unreachable" while it is, not answer 30 s later once it is back.
 */
export function dbWithoutRetry(): Pick<Tx, "$queryRaw"> {
  globalForDb.wheelhouseDb ??= create();
  return globalForDb.wheelhouseBase!;
}

/** The connection pool behind `db`, once `db` has been used (for its counts; query through `db`). */
export const dbPool = (): pg.Pool | undefined => globalForDb.wheelhousePool;

/**
 * A statement that carries a batch of rows as one JSON parameter (for jsonb_to_recordset), sent
 * straight to the pool: Prisma copies each parameter through its query compiler, which for
 * parameters of a few MB adds a tenth to a batch's time (bench/ingest.ts). Waits out a database
 * restart like every other query. Results are pg's: jsonb parsed, timestamps as Dates.
 */
export async function bulkStatement<R = unknown>(text: string, params: unknown[]): Promise<R[]> {
  globalForDb.wheelhouseDb ??= create();
  const pool = globalForDb.wheelhousePool!;
  return retryOnConnectionLoss(async () => (await pool.query(text, params)).rows as R[]);
}
