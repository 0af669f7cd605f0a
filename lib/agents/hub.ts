// The agents connected to this core process. An agent holds one socket; everything it says
// is validated against lib/protocol/agent.ts and handed to lib/agents/inbound.ts.
import type { WebSocket } from "ws";
import { logger } from "../logger";
import { kubeLane, type ChangeMessage } from "./kube-lane";
import { CLOSE_UNSUPPORTED_PROTOCOL, PROTOCOL_VERSION, ZAgentMessage, type Capabilities, type CoreMessage } from "../protocol/agent";

export interface AgentConnection {
  agentId: string;
  socket: WebSocket;
  capabilities: Capabilities | null;
  version: string | null;
  lastMessageAt: number;
  /** Why core refused this connection (an unsupported protocol); nothing it says after is handled. */
  refused: string | null;
  send: (message: CoreMessage) => void;
}

/**
 * The close reason for a hello of another protocol version, or null for this one. Read before the
 * message is validated: another version's hello may not fit this version's schema at all.
 */
export function unsupportedProtocol(json: unknown): string | null {
  if (typeof json !== "object" || json === null || (json as { type?: unknown }).type !== "hello") return null;
  const protocol = (json as { protocol?: unknown }).protocol;
  if (protocol === PROTOCOL_VERSION) return null;
  const named = Number.isSafeInteger(protocol) ? String(protocol) : "(none)";
  return `Agent protocol ${named} is not supported by this core (protocol ${PROTOCOL_VERSION}): upgrade the agent to the core's version`;
}

const globalHub = globalThis as unknown as { wheelhouseAgents?: Map<string, AgentConnection> };
const connections = (globalHub.wheelhouseAgents ??= new Map());

export function connectionOf(agentId: string): AgentConnection | undefined {
  return connections.get(agentId);
}

/** How many agents have a socket on this core process (for /metrics). */
export const connectedCount = (): number => connections.size;

export function disconnectAgent(agentId: string, reason: string): void {
  connections.get(agentId)?.socket.close(4403, reason);
}

export interface ConnectionHandlers {
  onMessage: (conn: AgentConnection, message: ReturnType<typeof ZAgentMessage.parse>) => Promise<void> | void;
  onClose: (conn: AgentConnection, reason: string) => Promise<void> | void;
  /** Cluster changes, in the order the agent sent them, a batch at a time (kube-lane.ts). */
  onKubeChanges: (conn: AgentConnection, batch: ChangeMessage[]) => Promise<void> | void;
}

/** Registers a new socket; a second connection of the same agent replaces the first. */
export function register(agentId: string, socket: WebSocket, handlers: ConnectionHandlers): AgentConnection {
  connections.get(agentId)?.socket.close(4409, "Replaced by a newer connection");
  const conn: AgentConnection = {
    agentId,
    socket,
    capabilities: null,
    version: null,
    lastMessageAt: Date.now(),
    refused: null,
    send: (message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    },
  };
  connections.set(agentId, conn);
  // Messages are handled in order within a lane: a command's result must not overtake its last
  // log line. Cluster objects have their own lane (kube-lane.ts).
  let queue = Promise.resolve();
  const kube = kubeLane(agentId, {
    list: async (page) => handlers.onMessage(conn, page),
    changes: async (batch) => handlers.onKubeChanges(conn, batch),
    resync: () => conn.send({ type: "k8s.resync" }),
  });
  let waitingStats: Extract<ReturnType<typeof ZAgentMessage.parse>, { type: "stats" }> | null = null;
  socket.on("message", (raw) => {
    conn.lastMessageAt = Date.now();
    // Checked before validation and before either lane: an agent of another protocol must not
    // have anything it says stored (its cluster lists would otherwise race its hello). The
    // close's reason is what the Server and Cluster pages show as the agent's status.
    if (conn.refused) return;
    let json: unknown;
    try {
      json = JSON.parse(String(raw));
    } catch {
      json = undefined;
    }
    const refusal = unsupportedProtocol(json);
    if (refusal) {
      conn.refused = refusal;
      logger.warn(`agent ${agentId} refused: ${refusal}`);
      return void socket.close(CLOSE_UNSUPPORTED_PROTOCOL, refusal);
    }
    const parsed = ZAgentMessage.safeParse(json);
    if (!parsed.success) {
      logger.warn(`agent ${agentId} sent a message that is not in the protocol; ignored`);
      return;
    }
    const message = parsed.data;
    const handle = () => Promise.resolve(handlers.onMessage(conn, message)).catch((e) => logger.error(`agent ${agentId}: handling ${message.type} failed`, e));
    // Stats are a gauge: when core falls behind, only the latest waiting sample is worth storing,
    // so a waiting one is replaced rather than another queued (memory stays flat under load).
    if (message.type === "stats") {
      if (waitingStats) return void (waitingStats = message);
      waitingStats = message;
      return void (queue = queue.then(() => {
        const latest = waitingStats!;
        waitingStats = null;
        return Promise.resolve(handlers.onMessage(conn, latest)).catch((e) => logger.error(`agent ${agentId}: handling stats failed`, e));
      }));
    }
    if (message.type === "k8s.list" || message.type === "k8s.change") return kube.push(message);
    queue = queue.then(handle);
  });
  socket.on("close", (_code, reason) => {
    // A connection replaced by a newer one of the same agent is not a disconnect.
    if (connections.get(agentId) !== conn) return;
    connections.delete(agentId);
    queue = queue.then(() => handlers.onClose(conn, conn.refused ?? (reason.toString() || "agent disconnected")));
  });
  return conn;
}

/** Closes sockets that went silent (a host that vanished without a TCP reset). */
export function sweepSilent(maxSilenceMs: number): void {
  const now = Date.now();
  for (const conn of connections.values()) {
    if (now - conn.lastMessageAt > maxSilenceMs) conn.socket.terminate();
  }
}
