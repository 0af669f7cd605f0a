// Every WebSocket channel the core serves, by path under /api/ws/.
import { agentChannel } from "../agents/channel";
import { terminalChannel } from "../terminal/channel";
import { eventsChannel } from "./events-channel";
import type { Channel } from "./socket-router";

export const channels: Record<string, Channel> = {
  events: eventsChannel,
  agent: agentChannel,
  terminal: terminalChannel,
};
