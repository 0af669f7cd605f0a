// An agent's replies name what they answer (a command, a shell session, a request) by id.
// Ids travel to one agent only, but nothing stops a compromised or buggy agent from sending
// another agent's id, which would let it write into someone else's Update, shell or log view.
// So a reply is accepted only when what it names belongs to the agent that sent it.
import { db } from "../db";
import type { AgentMessage } from "../protocol/agent";
import { sessionAgent } from "../terminal/sessions";
import { requestAgent } from "./requests";

// A command's agent never changes, so an answer can be kept; bounded so it can't grow without end.
const commandOwners = new Map<string, string | null>();
const MAX_CACHED = 5_000;

async function commandAgent(commandId: string): Promise<string | null> {
  const cached = commandOwners.get(commandId);
  if (cached !== undefined) return cached;
  const row = await db.agentCommand.findUnique({ where: { id: commandId }, select: { agentId: true } });
  if (!row) return null; // not cached: it may be a row another core is about to write
  if (commandOwners.size >= MAX_CACHED) commandOwners.delete(commandOwners.keys().next().value!);
  commandOwners.set(commandId, row.agentId);
  return row.agentId;
}

/** Whether `message` answers something of `agentId`'s; messages that name nothing always do. */
export async function isOwnReply(agentId: string, message: AgentMessage): Promise<boolean> {
  switch (message.type) {
    case "command.ack":
    case "command.stage":
    case "command.log":
    case "command.result":
      return (await commandAgent(message.commandId)) === agentId;
    case "terminal.output":
    case "terminal.exit":
      return sessionAgent(message.sessionId) === agentId;
    case "logs.data":
    case "logs.end":
    case "k8s.scope":
      return requestAgent(message.requestId) === agentId;
    case "inventory":
      return message.requestId === undefined || requestAgent(message.requestId) === agentId;
    default:
      return true;
  }
}
