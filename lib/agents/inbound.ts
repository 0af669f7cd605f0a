// What core does with each message an agent sends. Replies about a command, request or shell
// that another core follows are forwarded there (forward.ts), and handled by handleReply when
// they arrive.
import { broadcast } from "../cluster/notify";
import { ingestChanges, ingestListPage } from "../kube/ingest";
import { logger } from "../logger";
import type { AgentMessage } from "../protocol/agent";
import { agentAway, agentBack, onTerminalExit, onTerminalOutput } from "../terminal/sessions";
import { expireAfterGrace, onAck, onLog, onResult, onStage, redeliverTo } from "./commands";
import { onContainerState } from "./container-state";
import { forwardReply, onForwardedReply } from "./forward";
import type { AgentConnection } from "./hub";
import type { ChangeMessage } from "./kube-lane";
import { forgetPresence } from "./relay";
import { failRequestsOf, onRequestData, onRequestEnd } from "./requests";
import { isOwnReply } from "./reply-owner";
import { recordAgentStats } from "../servers/stats";
import { markConnected, markDisconnected, serversOf, touch } from "./status";

const lastTouch = new Map<string, number>();

/** A batch of cluster changes from the agent's kube lane (kube-lane.ts). */
export async function handleKubeChanges(conn: AgentConnection, batch: ChangeMessage[]) {
  return ingestChanges(conn.agentId, batch);
}

export async function handleAgentMessage(conn: AgentConnection, message: AgentMessage) {
  if (!isOwnReply(conn.agentId, message)) {
    if (await forwardReply(conn.agentId, message)) return;
    logger.warn(`agent ${conn.agentId}: dropped ${message.type} for a command, shell or request that isn't its own or has already ended`);
    return;
  }
  switch (message.type) {
    case "hello":
      conn.capabilities = message.capabilities;
      conn.version = message.version;
      await markConnected(conn.agentId, message);
      // Back from a lost connection (here or on a core that died): its shells carry on, and
      // whatever was sent to it and hasn't ended is sent again (its journal never reruns one).
      agentBack(conn.agentId);
      broadcast("agent.back", { agentId: conn.agentId });
      await redeliverTo(conn.agentId);
      return;
    case "heartbeat": {
      // lastSeenAt is for people; liveness is checked on the socket, so write it at most every 10 s
      // (and then with other agents' in one statement, status.ts).
      const last = lastTouch.get(conn.agentId) ?? 0;
      if (Date.now() - last > 10_000) {
        lastTouch.set(conn.agentId, Date.now());
        touch(conn.agentId);
      }
      return;
    }
    case "stats":
      return recordAgentStats(conn.agentId, message.sample);
    case "container.state":
      await onContainerState(async () => (await serversOf(conn.agentId)).map((s) => s.id), message);
      return;
    case "k8s.list":
      return ingestListPage(conn, message.kind, message.objects, message.page, message.more);
    default:
      return handleReply(message);
  }
}

/** Answers to something this core started: a command, a request, a shell. Ownership is checked before. */
async function handleReply(message: AgentMessage) {
  switch (message.type) {
    case "command.ack":
      return onAck(message.commandId, message.duplicate);
    case "command.stage":
      return onStage(message.commandId, message.stage, message.command, message.status, message.success);
    case "command.log":
      return onLog(message.commandId, message.stage, message.stream, message.line);
    case "command.result":
      return onResult(message.commandId, { success: message.success, error: message.error, result: message.result });
    case "logs.data":
      return onRequestData(message.requestId, message.lines);
    case "logs.end":
      return onRequestEnd(message.requestId, message.error);
    case "inventory":
      if (message.requestId) {
        onRequestData(message.requestId, message);
        onRequestEnd(message.requestId);
      }
      return;
    case "terminal.output":
      return onTerminalOutput(message.sessionId, message.data);
    case "terminal.exit":
      return onTerminalExit(message.sessionId, message.code, message.reason);
    case "git.head":
    case "k8s.scope":
      onRequestData(message.requestId, message);
      return onRequestEnd(message.requestId, message.error);
    case "sync.read.data":
      return onRequestData(message.requestId, message);
    case "sync.read.end":
    case "sync.write.end":
      onRequestData(message.requestId, message);
      return onRequestEnd(message.requestId);
    default:
      logger.warn(`unhandled agent message ${message.type}`);
  }
}

// A reply another core heard from the agent: the same ownership check as for our own agents.
onForwardedReply(async (agentId, message) => {
  if (isOwnReply(agentId, message)) await handleReply(message);
});

export async function handleAgentClose(conn: AgentConnection, reason: string) {
  lastTouch.delete(conn.agentId);
  forgetPresence(conn.agentId);
  // Nothing is failed yet: for RECONNECT_GRACE_SECONDS its commands and shells wait for the
  // agent to come back, here or on another core (commands.ts sweeps what is still waiting after).
  failRequestsOf(conn.agentId);
  agentAway(conn.agentId, reason);
  expireAfterGrace(conn.agentId);
  if (await markDisconnected(conn.agentId, reason)) broadcast("agent.gone", { agentId: conn.agentId, reason });
}
