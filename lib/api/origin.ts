// The cross-site rule for cookie-authenticated requests, shared by route handlers
// (lib/api/handler.ts) and WebSocket upgrades (lib/realtime/socket-router.ts): a browser sends
// its session cookie to us whatever page made the request, so a write carried by that cookie
// must come from one of our own pages. API keys are not sent by browsers on their own, so
// requests authenticated by one are not cross-site risks.
import type { Actor } from "../authz/actor";
import { AppError } from "../errors";

export interface OriginFacts {
  /** Whether the request can change something. A socket can (shell input, subscriptions), so upgrades are writes. */
  write: boolean;
  origin: string | null | undefined;
  host: string | null | undefined;
}

/** Throws FORBIDDEN when a cookie-authenticated write comes from another site. */
export function assertSameOrigin(actor: Actor, request: OriginFacts): void {
  if (actor.via !== "session" || !request.write) return;
  // Browsers send Origin on every cross-site write and every WebSocket handshake; its absence
  // means a non-browser client, which has no ambient cookie to abuse.
  if (!request.origin) return;
  const host = hostOf(request.origin);
  if (!host || host !== request.host) throw new AppError("FORBIDDEN", "Cross-site request refused");
}

/** The host of an Origin header; null for opaque origins ("null" from sandboxed frames) and junk. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}
