// Test helpers against the real test database (prepared fresh by scripts/with-db.ts).
import { db, dbPool } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { hashPassword } from "@/lib/auth/password";
import { randomToken, sha256 } from "@/lib/secrets/crypto";
import type { Level } from "@/lib/authz/permissions";

/**
 * Empties every table (faster than recreating the database between files). Work a previous test
 * started may still be ending in the background (an execution's end opens its alert and queues
 * its deliveries in one transaction): TRUNCATE's locks, taken table by table, can then deadlock
 * with it. PostgreSQL breaks a deadlock by aborting one side; if that is the TRUNCATE, the other
 * side has finished by the time it runs again, so it is simply run again.
 */
export async function resetDb(): Promise<void> {
  const tables = await db.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} CASCADE`);
      return;
    } catch (e) {
      const deadlock = String((e as Error).message).includes("40P01") || (e as { meta?: { code?: string } }).meta?.code === "40P01";
      if (!deadlock || attempt >= 5) throw e;
    }
  }
}

let counter = 0;

export interface TestUser {
  id: string;
  username: string;
  actor: Actor;
  /** An API key of this user, for calling routes. */
  key: string;
}

export async function makeUser(
  opts: { admin?: boolean; enabled?: boolean; username?: string; keyMaxLevel?: Level; password?: string } = {},
): Promise<TestUser> {
  const username = opts.username ?? `user${++counter}-${Date.now().toString(36)}`;
  const user = await db.user.create({
    data: {
      username,
      passwordHash: opts.password ? await hashPassword(opts.password) : null,
      admin: opts.admin ?? false,
      enabled: opts.enabled ?? true,
    },
  });
  const key = randomToken("whk", 32);
  await db.apiKey.create({ data: { name: "test", userId: user.id, keyHash: sha256(key), prefix: key.slice(0, 10), maxLevel: opts.keyMaxLevel ?? "Write" } });
  return {
    id: user.id,
    username,
    key,
    actor: { id: user.id, username, admin: user.admin, via: "api-key", maxLevel: opts.keyMaxLevel ?? "Write" },
  };
}

/** How many times the pool handed out a connection while `fn` ran (every statement takes one). */
export async function statementsDuring<T>(fn: () => Promise<T>): Promise<number> {
  const pool = dbPool()!;
  let count = 0;
  const onAcquire = () => count++;
  pool.on("acquire", onAcquire);
  try {
    await fn();
  } finally {
    pool.off("acquire", onAcquire);
  }
  return count;
}
