// Username/password sign-in, used by the next-auth Credentials provider.
import { db } from "../db";
import { AppError } from "../errors";
import { dummyHash, verifyPassword } from "./password";
import { beginLoginAttempt } from "./rate-limit";

export interface SignedInUser {
  id: string;
  name: string;
  sessionVersion: number;
}

export async function signInWithPassword(username: string, password: string, address: string): Promise<SignedInUser> {
  // Counted as a failure before the password is checked, so parallel guesses can't outrun the limit.
  const attempt = await beginLoginAttempt(username, address);
  const user = await db.user.findUnique({ where: { username }, omit: { passwordHash: false } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) throw new AppError("UNAUTHENTICATED", "Wrong username or password");
  await attempt.succeeded();
  if (!user.enabled) throw new AppError("FORBIDDEN", "Your account is waiting for an administrator to enable it");
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, name: user.username, sessionVersion: user.sessionVersion };
}
