// Login throttling kept in Postgres, so the limit holds however many core processes run.
//
// An attempt is written as a failure *before* its password is checked, and only then are the
// failures counted, its own included; a sign-in that succeeds takes its failure back. The k-th
// of any number of parallel guesses sees at least k rows, so no more than the limit ever get a
// password check — with no lock held and no connection kept waiting, however many arrive at
// once (a burst may be refused a little early: that errs on the safe side). Refused attempts
// stay counted, so hammering away keeps the limit in force. Three keys per attempt:
// - `ip:<address>`: an address with too many failures is refused for every username;
// - `user:<name>`: a username with too many failures is "under attack", and then refused
//   only from addresses that have failed on it (`pair:<name>|<address>`), so a flood of
//   guesses can't lock its owner out from an address that isn't failing.
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";

const ipKey = (address: string) => `ip:${address}`;
const userKey = (username: string) => `user:${username.toLowerCase()}`;
const pairKey = (username: string, address: string) => `pair:${username.toLowerCase()}|${address}`;

const windowStart = () => new Date(Date.now() - env.WHEELHOUSE_LOGIN_WINDOW_SECONDS * 1000);

/** Rows older than the window count for nothing; without this the table grows with every guess. */
const prune = () => db.loginAttempt.deleteMany({ where: { createdAt: { lt: windowStart() } } });

/** Failures under `key` in the window, leaving out the rows `except` (this attempt's own). */
const failures = (key: string, since: Date, except: string[] = []) =>
  db.loginAttempt.count({ where: { key, success: false, createdAt: { gte: since }, id: { notIn: except } } });

export interface LoginAttempt {
  /** The password was right: the attempt no longer counts, and the username's failures are cleared. */
  succeeded: () => Promise<void>;
}

/** Throws RATE_LIMITED, or records this attempt as a failure until it succeeds. */
export async function beginLoginAttempt(username: string, address: string): Promise<LoginAttempt> {
  await prune();
  const since = windowStart();
  const max = env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS;
  const keys = [ipKey(address), userKey(username), pairKey(username, address)] as const;
  const ids = (await db.loginAttempt.createManyAndReturn({ data: keys.map((key) => ({ key, success: false })), select: { id: true } })).map((r) => r.id);
  const [byAddress, byUserBefore, byPairBefore] = [await failures(keys[0], since), await failures(keys[1], since, ids), await failures(keys[2], since, ids)];
  if (byAddress > max || (byUserBefore >= max && byPairBefore > 0)) {
    throw new AppError("RATE_LIMITED", "Too many failed sign-in attempts. Wait a few minutes and try again.");
  }
  return {
    async succeeded() {
      // The address keeps its history; the username's failures go, as its owner just proved who they are.
      await db.loginAttempt.deleteMany({ where: { OR: [{ id: { in: ids } }, { key: { in: keys.slice(1) }, success: false }] } });
    },
  };
}

/** Sign-ups per client address, counted whether they succeed or not (each one writes a user row), written before counting like sign-ins. */
export async function assertSignUpAllowed(address: string): Promise<void> {
  await prune();
  const key = `signup:${address}`;
  await db.loginAttempt.create({ data: { key, success: true } });
  if ((await db.loginAttempt.count({ where: { key, createdAt: { gte: windowStart() } } })) > env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS) {
    throw new AppError("RATE_LIMITED", "Too many sign-ups from this address. Wait a few minutes and try again.");
  }
}
