// Signing out ends that session on the server too. Sessions are JWTs, valid until they
// expire wherever a copy of the cookie went; each carries a random session id (`sid`, set at
// sign-in and kept as the token is re-issued), and signing out records that id until the
// token would have expired anyway; its open sockets close. Other sessions of the same user
// are unaffected (disabling the user or changing the password ends all of them, through
// sessionVersion).
import { randomUUID } from "node:crypto";
import type { JWT } from "next-auth/jwt";
import { db } from "../db";
import { accessChanged } from "../realtime/access";

/** The longest a session JWT lives (next-auth's maxAge in options.ts). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

export const newSessionId = () => randomUUID();

export async function revokeSession(token: JWT): Promise<void> {
  if (!token.sid || !token.sub) return;
  const exp = typeof token.exp === "number" ? token.exp * 1000 : Date.now() + SESSION_MAX_AGE_SECONDS * 1000;
  await db.revokedSession.upsert({ where: { sid: token.sid }, create: { sid: token.sid, userId: token.sub, expiresAt: new Date(exp) }, update: {} });
  // Rows for tokens that have expired on their own are dead weight.
  await db.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  // Sockets the session opened re-check now and close, as for any other revocation.
  await accessChanged();
}

export async function isRevoked(sid: string | undefined): Promise<boolean> {
  if (!sid) return false;
  return (await db.revokedSession.count({ where: { sid } })) > 0;
}
