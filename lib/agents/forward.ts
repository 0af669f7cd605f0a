// Replies an agent sends about something another core follows. The agent talks to one core, but
// the command, request or shell it answers may have been started on another (the browser or API
// client was connected there), so its replies go where they are awaited:
// - a command's, to the core named on its row; if that core is gone, this one takes the command
//   over (its lines into the Update, its result ends the command and the Update);
// - a request's, to the core named in its id (requests.ts puts it there);
// - a shell's, to every core (whichever has a browser attached relays it; the others drop it).
// The receiving core applies the same ownership check as for its own agents (reply-owner.ts).
import { CORE_ID, isCoreAlive } from "../cluster/nodes";
import { broadcast, onClusterMessage, sendToCore } from "../cluster/notify";
import { db } from "../db";
import type { AgentMessage } from "../protocol/agent";
import { appendLog, stageEvent } from "../updates/progress";
import { IN_FLIGHT, endCommand, markAcked } from "./commands";
import { requestCore } from "./requests";

type CommandReply = Extract<AgentMessage, { commandId: string }>;
interface CommandRoute {
  agentId: string;
  coreId: string | null;
  updateId: string | null;
  at: number;
}

/** Row lookups for a command's replies, briefly cached: a chatty deploy forwards many lines. */
const routes = new Map<string, CommandRoute>();
const ROUTE_TTL_MS = 2_000;

async function routeOf(commandId: string): Promise<CommandRoute | null> {
  const cached = routes.get(commandId);
  if (cached && Date.now() - cached.at < ROUTE_TTL_MS) return cached;
  const row = await db.agentCommand.findUnique({ where: { id: commandId }, select: { agentId: true, coreId: true, updateId: true, status: true } });
  if (!row || !IN_FLIGHT.includes(row.status)) {
    routes.delete(commandId);
    return null;
  }
  const route = { agentId: row.agentId, coreId: row.coreId, updateId: row.updateId, at: Date.now() };
  if (routes.size > 10_000) routes.clear();
  routes.set(commandId, route);
  return route;
}

/** Where a reply this core doesn't own goes. False when it answers nothing of `agentId`'s (dropped). */
export async function forwardReply(agentId: string, message: AgentMessage): Promise<boolean> {
  switch (message.type) {
    case "command.ack":
    case "command.stage":
    case "command.log":
    case "command.result":
      return forwardCommandReply(agentId, message);
    case "logs.data":
    case "logs.end":
    case "k8s.scope":
    case "sync.read.data":
    case "sync.read.end":
    case "sync.write.end":
    case "inventory": {
      const owner = message.requestId ? requestCore(message.requestId) : null;
      if (!owner || owner === CORE_ID) return false;
      sendToCore(owner, "agent.reply", { agentId, message });
      return true;
    }
    case "terminal.output":
    case "terminal.exit":
      broadcast("agent.reply", { agentId, message });
      return true;
    default:
      return false;
  }
}

async function forwardCommandReply(agentId: string, message: CommandReply): Promise<boolean> {
  const route = await routeOf(message.commandId);
  if (!route || route.agentId !== agentId) return false;
  // The end is written here first, so it holds even if the message to the follower is lost.
  if (message.type === "command.result") {
    routes.delete(message.commandId);
    await endCommand(message.commandId, message.success ? "done" : "failed", message.error, message.result);
    return true;
  }
  if (route.coreId && route.coreId !== CORE_ID && (await isCoreAlive(route.coreId))) {
    sendToCore(route.coreId, "agent.reply", { agentId, message });
    return true;
  }
  // Nobody follows it any more: this core writes its progress into the Update.
  if (!route.updateId) return true;
  if (message.type === "command.log") appendLog(route.updateId, message.stage, message.stream, message.line);
  if (message.type === "command.stage") await stageEvent(route.updateId, message.stage, message.command, message.status, message.success);
  if (message.type === "command.ack") await markAcked(message.commandId);
  return true;
}

/** How a core handles a reply forwarded to it: set by inbound.ts (which owns the handling). */
export function onForwardedReply(handle: (agentId: string, message: AgentMessage) => Promise<void>) {
  onClusterMessage("agent.reply", "inbound", (body) => {
    const { agentId, message } = body as { agentId: string; message: AgentMessage };
    return handle(agentId, message);
  });
}
