// Browser sessions for route tests: a next-auth JWT minted with the app's secret, sent in
// the cookie next-auth reads over http.
import { encode } from "next-auth/jwt";
import { env } from "@/lib/env";

export const SESSION_COOKIE = "next-auth.session-token";

export function sessionToken(user: { id: string; username: string }, sessionVersion = 0): Promise<string> {
  return encode({ token: { sub: user.id, name: user.username, sv: sessionVersion }, secret: env.NEXTAUTH_SECRET });
}

/** Request headers carrying the user's session cookie. */
export async function sessionHeaders(user: { id: string; username: string }, sessionVersion = 0): Promise<Record<string, string>> {
  return { cookie: `${SESSION_COOKIE}=${await sessionToken(user, sessionVersion)}` };
}
