// Who is calling: resolved once per request (route, page or socket) from an API key or
// the session cookie. Everything that decides whether a session is still valid is here:
// the token's signature, its session id not signed out, and the user's sessionVersion.
import { getToken } from "next-auth/jwt";
import { actorOfUser, type Actor } from "../authz/actor";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { sha256 } from "../secrets/crypto";
import { isRevoked } from "./revoked-sessions";

export const API_KEY_HEADER = "x-api-key";

export interface RequestCredentials {
  headers: Record<string, string | undefined>;
  cookies: Record<string, string>;
}

async function actorFromApiKey(key: string): Promise<Actor> {
  const found = await db.apiKey.findUnique({ where: { keyHash: sha256(key) }, include: { user: true } });
  if (!found || (found.expiresAt && found.expiresAt <= new Date()) || !found.user.enabled) {
    throw new AppError("UNAUTHENTICATED", "Invalid or expired API key");
  }
  // Recording every use would write on every request; once a minute is enough to show activity.
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
  }
  const { user } = found;
  const scope = { keyId: found.id, publicApiOnly: found.publicApiOnly, clusters: found.clusters, namespaces: found.namespaces };
  return { id: user.id, username: user.username, admin: user.admin, via: "api-key", maxLevel: found.maxLevel, key: scope };
}

async function actorFromSession(creds: RequestCredentials): Promise<Actor | null> {
  const token = await getToken({ req: creds as never, secret: env.NEXTAUTH_SECRET });
  if (!token?.sub) return null;
  if (await isRevoked(token.sid)) return null;
  const user = await db.user.findUnique({ where: { id: token.sub } });
  if (!user || !user.enabled || user.sessionVersion !== (token.sv ?? 0)) return null;
  return actorOfUser(user);
}

/** The actor, or null when nobody is signed in. A bad API key is an error, not anonymity. */
export async function resolveActor(creds: RequestCredentials): Promise<Actor | null> {
  const key = creds.headers[API_KEY_HEADER];
  if (key) return actorFromApiKey(key);
  return actorFromSession(creds);
}

/** Public-API keys read /api/v2 and nothing else: no /api/v1, no pages, no sockets. */
export function assertKeyMayUse(actor: Actor, surface: "public-api" | "app") {
  if (surface === "app" && actor.key?.publicApiOnly) throw new AppError("FORBIDDEN", "This API key is limited to the read endpoints of /api/v2");
}

export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = safeDecode(part.slice(i + 1).trim());
  }
  return out;
}

// Cookies are shared by every app on the host: one badly encoded value must not break our requests.
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
