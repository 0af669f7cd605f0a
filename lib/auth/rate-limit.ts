// Login throttling kept in Postgres, so the limit holds however many core processes run.
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";

const keys = (username: string, address: string) => [`user:${username.toLowerCase()}`, `ip:${address}`];

export async function assertLoginAllowed(username: string, address: string): Promise<void> {
  const since = new Date(Date.now() - env.WHEELHOUSE_LOGIN_WINDOW_SECONDS * 1000);
  for (const key of keys(username, address)) {
    const failures = await db.loginAttempt.count({ where: { key, success: false, createdAt: { gte: since } } });
    if (failures >= env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS) {
      throw new AppError("RATE_LIMITED", "Too many failed sign-in attempts. Wait a few minutes and try again.");
    }
  }
}

export async function recordLoginAttempt(username: string, address: string, success: boolean): Promise<void> {
  await db.loginAttempt.createMany({ data: keys(username, address).map((key) => ({ key, success })) });
  if (success) {
    // A successful sign-in clears the user's failures; the address keeps its history.
    await db.loginAttempt.deleteMany({ where: { key: keys(username, address)[0], success: false } });
  }
}

/** Sign-ups per client address, counted whether they succeed or not: each one writes a user row. */
export async function assertSignUpAllowed(address: string): Promise<void> {
  const key = `signup:${address}`;
  const since = new Date(Date.now() - env.WHEELHOUSE_LOGIN_WINDOW_SECONDS * 1000);
  if ((await db.loginAttempt.count({ where: { key, createdAt: { gte: since } } })) >= env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS) {
    throw new AppError("RATE_LIMITED", "Too many sign-ups from this address. Wait a few minutes and try again.");
  }
  await db.loginAttempt.create({ data: { key, success: true } });
}
