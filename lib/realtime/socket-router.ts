// The one WebSocket upgrade router (the opposite of one `upgrade` listener per feature).
// It claims only /api/ws/*, parses the URL once, authenticates once, asks the channel's
// own authorize step, and closes refused sockets with 4401/4403/4404 and a reason. Later
// features (agents, terminals, live updates) register channels here.
// No socket may throw into the process: a bad frame (too big, malformed, unmasked), before or
// after authentication, closes that one socket with a code and reason, and a client that
// vanishes mid-handshake is only logged. An open socket's access is checked again whenever it
// may have shrunk (revocation), and a socket that lost it is closed with the reason.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { assertSameOrigin } from "../api/origin";
import { assertKeyMayUse, parseCookieHeader, resolveActor, type RequestCredentials } from "../auth/actor";
import type { Actor } from "../authz/actor";
import { AppError, isAppError } from "../errors";
import { logger } from "../logger";
import { socketClosed, socketOpened } from "../ops/metrics";
import { MAX_FRAME_BYTES } from "../protocol/frames";
import { onAccessChanged } from "./access";

export const WS_PREFIX = "/api/ws/";

/** A channel for signed-in users (cookie session or API key). */
export interface UserChannel {
  kind?: "user";
  /** Decides whether the actor may open this channel (throws AppError to refuse); the router denies anonymous callers. */
  authorize: (actor: Actor, url: URL) => Promise<void>;
  open: (socket: WebSocket, actor: Actor, url: URL, access: SocketAccess) => void;
}

/**
 * An open socket's access after it opened. Whenever access may have shrunk (lib/realtime/access.ts)
 * the router resolves the socket's credentials again and runs the channel's `authorize` again;
 * a refused socket is closed with the reason, and the channel hears of both outcomes.
 */
export interface SocketAccess {
  /** After a re-check the socket passed, with the actor as it is now (a grant inside the channel may still be gone). */
  onRecheck: (fn: (actor: Actor) => Promise<void> | void) => void;
  /** When the socket's access was revoked, before the router closes it with `reason`. */
  onRevoked: (fn: (reason: string) => Promise<void> | void) => void;
}

/** A channel for agents, which authenticate with a bearer enrollment token or credential. */
export interface AgentChannel {
  kind: "agent";
  authenticate: (bearer: string) => Promise<{ agentId: string; credential?: string }>;
  open: (socket: WebSocket, agent: { agentId: string; credential?: string }) => void;
}

export type Channel = UserChannel | AgentChannel;

const CLOSE = { UNAUTHENTICATED: 4401, FORBIDDEN: 4403, NOT_FOUND: 4404 } as const;

/** Reasons for the closes `ws` makes by itself when a frame breaks the protocol (it sends the code alone). */
const FRAME_REASONS: Record<number, string> = {
  1002: "Invalid WebSocket frame",
  1007: "Text frame is not valid UTF-8",
  1009: `Frames are limited to ${MAX_FRAME_BYTES / 1024 / 1024} MiB`,
};

/**
 * Every socket the router creates is one of these: it never lacks an error listener (ws emits
 * 'error' for a bad frame, and an unheard 'error' kills the process), and the close ws makes
 * for a bad frame carries a reason.
 */
class GuardedSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on("error", (e) => logger.warn(`socket closed: ${e.message}`));
  }

  override close(code?: number, reason?: string | Buffer): void {
    super.close(code, fitReason(reason ?? (code ? FRAME_REASONS[code] : undefined)));
  }
}

/** A close reason is at most 123 bytes (ws throws past that): longer ones are cut. */
function fitReason(reason: string | Buffer | undefined) {
  if (typeof reason !== "string" || Buffer.byteLength(reason) <= 123) return reason;
  let cut = reason.slice(0, 120);
  while (Buffer.byteLength(cut) > 120) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Counts an opened socket for /metrics until it closes (refused sockets never get here). */
function counted(ws: WebSocket, kind: string): WebSocket {
  socketOpened(kind);
  ws.once("close", () => socketClosed(kind));
  return ws;
}

const closeCodeOf = (e: AppError) => (e.code === "UNAUTHENTICATED" ? CLOSE.UNAUTHENTICATED : e.code === "NOT_FOUND" ? CLOSE.NOT_FOUND : CLOSE.FORBIDDEN);

/** Re-checks the socket whenever access may have shrunk, for as long as it is open. */
function watchAccess(ws: WebSocket, channel: UserChannel, credentials: RequestCredentials, opened: Actor, url: URL): SocketAccess {
  const rechecked: ((actor: Actor) => Promise<void> | void)[] = [];
  const revoked: ((reason: string) => Promise<void> | void)[] = [];
  const check = async () => {
    if (ws.readyState !== ws.OPEN) return;
    let actor: Actor | null;
    try {
      actor = await resolveActor(credentials);
      if (!actor || actor.id !== opened.id) throw new AppError("UNAUTHENTICATED", "your session has ended: sign in again");
      await channel.authorize(actor, url);
    } catch (e) {
      // A database failure is not a revocation: it propagates (and is logged) instead.
      if (!isAppError(e)) throw e;
      const reason = `Access revoked: ${e.message}`;
      for (const fn of revoked) await fn(reason);
      ws.close(closeCodeOf(e), reason);
      return;
    }
    for (const fn of rechecked) await fn(actor);
  };
  ws.on("close", onAccessChanged(check));
  return { onRecheck: (fn) => void rechecked.push(fn), onRevoked: (fn) => void revoked.push(fn) };
}

export function createSocketRouter(channels: Record<string, Channel>) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, WebSocket: GuardedSocket as typeof WebSocket });

  /** Completes the handshake, unless the client already went away while we authenticated it. */
  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, then: (ws: WebSocket) => void) {
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        then(ws);
      } catch (e) {
        logger.error(`opening socket ${req.url} failed`, e);
        ws.close(1011, "Internal error");
      }
    });
  }

  function refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) {
    // Complete the handshake so the browser sees the close code and reason, not a bare failure.
    upgrade(req, socket, head, (ws) => ws.close(code, reason));
  }

  async function openAgent(channel: AgentChannel, req: IncomingMessage, socket: Duplex, head: Buffer) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer) return refuse(req, socket, head, CLOSE.UNAUTHENTICATED, "Send the agent token as a Bearer token");
    try {
      const agent = await channel.authenticate(bearer);
      upgrade(req, socket, head, (ws) => channel.open(counted(ws, "agent"), agent));
    } catch (e) {
      if (isAppError(e)) return refuse(req, socket, head, CLOSE.UNAUTHENTICATED, e.message);
      logger.error("agent authentication failed", e);
      return refuse(req, socket, head, 1011, "Internal error");
    }
  }

  /** Returns false for paths it does not own, so Next's own listener (HMR) can take them. */
  return function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith(WS_PREFIX)) return false;
    const name = url.pathname.slice(WS_PREFIX.length);
    const channel = channels[name];
    // Until ws takes the socket over, a reset while we authenticate would be an unheard error.
    socket.on("error", (e) => logger.warn(`socket ${url.pathname}: ${e.message}`));
    void (async () => {
      if (!channel) return refuse(req, socket, head, CLOSE.NOT_FOUND, "Unknown channel");
      if (channel.kind === "agent") return openAgent(channel, req, socket, head);
      let actor: Actor | null;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      const credentials = { headers, cookies: parseCookieHeader(req.headers.cookie) };
      try {
        actor = await resolveActor(credentials);
        if (!actor) return refuse(req, socket, head, CLOSE.UNAUTHENTICATED, "Sign in to continue");
        assertKeyMayUse(actor, "app");
        // A socket carries writes (shell input, subscriptions): the same cross-site rule as cookie HTTP writes.
        assertSameOrigin(actor, { write: true, origin: req.headers.origin, host: req.headers.host });
        await channel.authorize(actor, url);
      } catch (e) {
        if (isAppError(e)) return refuse(req, socket, head, closeCodeOf(e), e.message);
        logger.error(`socket authorization failed for ${url.pathname}`, e);
        return refuse(req, socket, head, 1011, "Internal error");
      }
      const who = actor;
      upgrade(req, socket, head, (ws) => channel.open(counted(ws, name), who, url, watchAccess(ws, channel, credentials, who, url)));
    })();
    return true;
  };
}
