// An agent's replies name what they answer (a command, a shell session, a request) by id.
// Ids travel to one agent only, but nothing stops a compromised or buggy agent from sending
// another agent's id, which would let it write into someone else's Update, shell or log view.
// So a reply is accepted only when what it names belongs to the agent that sent it. Owners are
// looked up in memory, where each is kept while it is in flight: a reply for something that has
// ended (or never existed) has nothing to answer and is dropped either way.
import type { AgentMessage } from "../protocol/agent";
import { sessionAgent } from "../terminal/sessions";
import { commandAgent } from "./commands";
import { requestAgent } from "./requests";

/** Whether `message` answers something of `agentId`'s; messages that name nothing always do. */
export function isOwnReply(agentId: string, message: AgentMessage): boolean {
  switch (message.type) {
    case "command.ack":
    case "command.stage":
    case "command.log":
    case "command.result":
      return commandAgent(message.commandId) === agentId;
    case "terminal.output":
    case "terminal.exit":
      return sessionAgent(message.sessionId) === agentId;
    case "logs.data":
    case "logs.end":
    case "k8s.scope":
    case "git.head":
    case "sync.read.data":
    case "sync.read.end":
    case "sync.write.end":
      return requestAgent(message.requestId) === agentId;
    case "inventory":
      return message.requestId === undefined || requestAgent(message.requestId) === agentId;
    default:
      return true;
  }
}
