// Test helpers against the real test database (prepared fresh by scripts/with-db.ts).
import { db, dbPool } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { hashPassword } from "@/lib/auth/password";
import { randomToken, sha256 } from "@/lib/secrets/crypto";
import type { Level } from "@/lib/authz/permissions";

/** Empties every table (faster than recreating the database between files). */
export async function resetDb(): Promise<void> {
  const tables = await db.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  await db.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} CASCADE`);
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
