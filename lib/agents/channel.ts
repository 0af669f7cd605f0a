// /api/ws/agent — where agents dial in. Authentication is the agent's bearer credential
// (or its one-time enrollment token); what the agent may do is decided per command by core.
import { logger } from "../logger";
import type { AgentChannel } from "../realtime/socket-router";
import { authenticateAgent } from "./enrollment";
import { register, sweepSilent } from "./hub";
import { handleAgentClose, handleAgentMessage, handleKubeChanges } from "./inbound";

/** An agent silent for longer than this is dropped (it heartbeats every 3 s). */
export const AGENT_SILENCE_MS = 9_000;
const STATS_INTERVAL_SECONDS = 5;

let silenceSweep: NodeJS.Timeout | undefined;
function startTimers() {
  silenceSweep ??= setInterval(() => sweepSilent(AGENT_SILENCE_MS), 1_000).unref();
}

export const agentChannel: AgentChannel = {
  kind: "agent",
  authenticate: authenticateAgent,
  open: (socket, { agentId, credential }) => {
    startTimers();
    const conn = register(agentId, socket, { onMessage: handleAgentMessage, onClose: handleAgentClose, onKubeChanges: handleKubeChanges });
    conn.send({ type: "welcome", agentId, credential, statsIntervalSeconds: STATS_INTERVAL_SECONDS });
    logger.info(`agent ${agentId} connected`);
  },
};
