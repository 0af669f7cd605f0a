// The agents connected to this core process. An agent holds one socket; everything it says
// is validated against lib/protocol/agent.ts and handed to lib/agents/inbound.ts.
import type { WebSocket } from "ws";
import { logger } from "../logger";
import { ZAgentMessage, type Capabilities, type CoreMessage } from "../protocol/agent";

export interface AgentConnection {
  agentId: string;
  socket: WebSocket;
  capabilities: Capabilities | null;
  version: string | null;
  lastMessageAt: number;
  send: (message: CoreMessage) => void;
}

const globalHub = globalThis as unknown as { wheelhouseAgents?: Map<string, AgentConnection> };
const connections = (globalHub.wheelhouseAgents ??= new Map());

export function connectionOf(agentId: string): AgentConnection | undefined {
  return connections.get(agentId);
}

export function isConnected(agentId: string): boolean {
  return connections.has(agentId);
}

export function disconnectAgent(agentId: string, reason: string): void {
  connections.get(agentId)?.socket.close(4403, reason);
}

export interface ConnectionHandlers {
  onMessage: (conn: AgentConnection, message: ReturnType<typeof ZAgentMessage.parse>) => Promise<void> | void;
  onClose: (conn: AgentConnection, reason: string) => Promise<void> | void;
}

/**
 * Cluster changes waiting to be stored, per agent. A cluster can change faster than core stores
 * it (a rollout of hundreds of pods): past this bound further changes are dropped rather than
 * queued in memory, and once the backlog has drained the agent is asked to re-list every kind,
 * which brings core back to the cluster's actual state.
 */
let kubeBacklogLimit = 5000;
/** For tests: a small bound makes the overflow path reachable with a handful of objects. */
export function setKubeBacklogLimit(limit: number): void {
  kubeBacklogLimit = limit;
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
    send: (message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    },
  };
  connections.set(agentId, conn);
  // Messages are handled in order within a lane: a command's result must not overtake its last
  // log line. Cluster objects have their own lane, so a burst of watch events (a scale moves
  // dozens of objects) never delays a command's result or a keystroke's echo.
  let queue = Promise.resolve();
  let kubeQueue = Promise.resolve();
  let kubeBacklog = 0;
  let dropped = false;
  socket.on("message", (raw) => {
    conn.lastMessageAt = Date.now();
    let parsed;
    try {
      parsed = ZAgentMessage.safeParse(JSON.parse(String(raw)));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      logger.warn(`agent ${agentId} sent a message that is not in the protocol; ignored`);
      return;
    }
    const message = parsed.data;
    const handle = () => Promise.resolve(handlers.onMessage(conn, message)).catch((e) => logger.error(`agent ${agentId}: handling ${message.type} failed`, e));
    if (message.type !== "k8s.list" && message.type !== "k8s.change") return void (queue = queue.then(handle));
    // Lists replace what core holds, so only changes are ever dropped.
    if (message.type === "k8s.change" && kubeBacklog >= kubeBacklogLimit) return void (dropped = true);
    kubeBacklog++;
    kubeQueue = kubeQueue.then(handle).finally(() => {
      if (--kubeBacklog > 0 || !dropped) return;
      dropped = false;
      logger.warn(`agent ${agentId}: cluster changes came faster than they could be stored; some were dropped, asking the agent to re-list`);
      conn.send({ type: "k8s.resync" });
    });
  });
  socket.on("close", (_code, reason) => {
    // A connection replaced by a newer one of the same agent is not a disconnect.
    if (connections.get(agentId) !== conn) return;
    connections.delete(agentId);
    queue = queue.then(() => handlers.onClose(conn, reason.toString() || "agent disconnected"));
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
