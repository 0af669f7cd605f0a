// Login throttling kept in Postgres, so the limit holds however many core processes run.
//
// An attempt is counted as a failure *before* its password is checked, under a lock on the
// keys it counts against, so parallel guesses see each other and can't get past the limit;
// a sign-in that succeeds takes its failure back. Three keys per attempt:
// - `ip:<address>`: an address with too many failures is refused for every username;
// - `user:<name>`: a username with too many failures is "under attack", and then refused
//   only from addresses that have failed on it (`pair:<name>|<address>`), so a flood of
//   guesses can't lock its owner out from an address that isn't failing.
import { db, type Tx } from "../db";
import { env } from "../env";
import { AppError } from "../errors";

const ipKey = (address: string) => `ip:${address}`;
const userKey = (username: string) => `user:${username.toLowerCase()}`;
const pairKey = (username: string, address: string) => `pair:${username.toLowerCase()}|${address}`;

const windowStart = () => new Date(Date.now() - env.WHEELHOUSE_LOGIN_WINDOW_SECONDS * 1000);

/** Serializes transactions counting the same keys; callers lock in one fixed order, so none deadlock. */
async function lockKeys(tx: Tx, keys: string[]) {
  for (const key of keys) await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/** Rows older than the window count for nothing; without this the table grows with every guess. */
const prune = () => db.loginAttempt.deleteMany({ where: { createdAt: { lt: windowStart() } } });

const failures = (tx: Tx, key: string, since: Date) => tx.loginAttempt.count({ where: { key, success: false, createdAt: { gte: since } } });

export interface LoginAttempt {
  /** The password was right: the attempt no longer counts, and the username's failures are cleared. */
  succeeded: () => Promise<void>;
}

/** Throws RATE_LIMITED, or records this attempt as a failure until it succeeds. */
export async function beginLoginAttempt(username: string, address: string): Promise<LoginAttempt> {
  const since = windowStart();
  const max = env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS;
  const keys = [ipKey(address), userKey(username), pairKey(username, address)];
  await prune();
  const ids = await db.$transaction(async (tx) => {
    await lockKeys(tx, keys.slice(0, 2));
    const [byAddress, byUser, byPair] = [await failures(tx, keys[0], since), await failures(tx, keys[1], since), await failures(tx, keys[2], since)];
    if (byAddress >= max || (byUser >= max && byPair > 0)) {
      throw new AppError("RATE_LIMITED", "Too many failed sign-in attempts. Wait a few minutes and try again.");
    }
    const rows = await tx.loginAttempt.createManyAndReturn({ data: keys.map((key) => ({ key, success: false })), select: { id: true } });
    return rows.map((r) => r.id);
  });
  return {
    async succeeded() {
      // The address keeps its history; the username's failures go, as its owner just proved who they are.
      await db.loginAttempt.deleteMany({ where: { OR: [{ id: { in: ids } }, { key: { in: keys.slice(1) }, success: false }] } });
    },
  };
}

/** Sign-ups per client address, counted whether they succeed or not: each one writes a user row. */
export async function assertSignUpAllowed(address: string): Promise<void> {
  const key = `signup:${address}`;
  await prune();
  await db.$transaction(async (tx) => {
    await lockKeys(tx, [key]);
    if ((await tx.loginAttempt.count({ where: { key, createdAt: { gte: windowStart() } } })) >= env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS) {
      throw new AppError("RATE_LIMITED", "Too many sign-ups from this address. Wait a few minutes and try again.");
    }
    await tx.loginAttempt.create({ data: { key, success: true } });
  });
}
