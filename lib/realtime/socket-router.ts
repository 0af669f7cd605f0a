// The one WebSocket upgrade router (the opposite of one `upgrade` listener per feature).
// It claims only /api/ws/*, parses the URL once, authenticates once, asks the channel's
// own authorize step, and closes refused sockets with 4401/4403/4404 and a reason. Later
// features (agents, terminals, live updates) register channels here.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { parseCookieHeader, resolveActor } from "../auth/actor";
import type { Actor } from "../authz/actor";
import { isAppError } from "../errors";
import { logger } from "../logger";

export const WS_PREFIX = "/api/ws/";

/** A channel for signed-in users (cookie session or API key). */
export interface UserChannel {
  kind?: "user";
  /** Decides whether the actor may open this channel (throws AppError to refuse); the router denies anonymous callers. */
  authorize: (actor: Actor, url: URL) => Promise<void>;
  open: (socket: WebSocket, actor: Actor, url: URL) => void;
}

/** A channel for agents, which authenticate with a bearer enrollment token or credential. */
export interface AgentChannel {
  kind: "agent";
  authenticate: (bearer: string) => Promise<{ agentId: string; credential?: string }>;
  open: (socket: WebSocket, agent: { agentId: string; credential?: string }) => void;
}

export type Channel = UserChannel | AgentChannel;

const CLOSE = { UNAUTHENTICATED: 4401, FORBIDDEN: 4403, NOT_FOUND: 4404 } as const;

export function createSocketRouter(channels: Record<string, Channel>) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  function refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) {
    // Complete the handshake so the browser sees the close code and reason, not a bare failure.
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, reason));
  }

  async function openAgent(channel: AgentChannel, req: IncomingMessage, socket: Duplex, head: Buffer) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer) return refuse(req, socket, head, CLOSE.UNAUTHENTICATED, "Send the agent token as a Bearer token");
    try {
      const agent = await channel.authenticate(bearer);
      wss.handleUpgrade(req, socket, head, (ws) => channel.open(ws, agent));
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
    const channel = channels[url.pathname.slice(WS_PREFIX.length)];
    void (async () => {
      if (!channel) return refuse(req, socket, head, CLOSE.NOT_FOUND, "Unknown channel");
      if (channel.kind === "agent") return openAgent(channel, req, socket, head);
      let actor: Actor | null;
      try {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
        actor = await resolveActor({ headers, cookies: parseCookieHeader(req.headers.cookie) });
        if (!actor) return refuse(req, socket, head, CLOSE.UNAUTHENTICATED, "Sign in to continue");
        await channel.authorize(actor, url);
      } catch (e) {
        if (isAppError(e)) {
          const code = e.code === "UNAUTHENTICATED" ? CLOSE.UNAUTHENTICATED : e.code === "NOT_FOUND" ? CLOSE.NOT_FOUND : CLOSE.FORBIDDEN;
          return refuse(req, socket, head, code, e.message);
        }
        logger.error(`socket authorization failed for ${url.pathname}`, e);
        return refuse(req, socket, head, 1011, "Internal error");
      }
      const who = actor;
      wss.handleUpgrade(req, socket, head, (ws) => channel.open(ws, who, url));
    })();
    return true;
  };
}
