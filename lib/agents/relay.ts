// Reaching an agent from any core process. An agent holds one socket, to one core; the others
// find which in the Agent row (coreId, written when its hello is handled) and hand the message
// to that core over NOTIFY (lib/cluster/notify.ts), which sends it down the socket.
import { db } from "../db";
import { AppError } from "../errors";
import { CORE_ID, isCoreAlive } from "../cluster/nodes";
import { clusterStarted, onClusterMessage, sendToCore } from "../cluster/notify";
import type { Capabilities, CoreMessage } from "../protocol/agent";
import { connectionOf } from "./hub";

export interface Presence {
  agentId: string;
  /** The core holding the agent's socket. */
  coreId: string;
  capabilities: Capabilities | null;
}

/** Another core's agents, looked up at most once a second each: a shell sends one message per keystroke. */
const remote = new Map<string, { presence: Presence | null; at: number }>();
const REMOTE_TTL_MS = 1_000;

/** Where the agent is connected now, or null when it is connected nowhere. */
export async function presenceOf(agentId: string): Promise<Presence | null> {
  const local = connectionOf(agentId);
  if (local && !local.refused) return { agentId, coreId: CORE_ID, capabilities: local.capabilities };
  if (!clusterStarted()) return null;
  const cached = remote.get(agentId);
  if (cached && Date.now() - cached.at < REMOTE_TTL_MS) return cached.presence;
  const row = await db.agent.findUnique({ where: { id: agentId }, select: { coreId: true, connectedAt: true, capabilities: true } });
  const there = row?.coreId && row.connectedAt && row.coreId !== CORE_ID && (await isCoreAlive(row.coreId));
  const presence = there ? { agentId, coreId: row.coreId!, capabilities: row.capabilities as Capabilities | null } : null;
  if (remote.size > 10_000) remote.clear();
  remote.set(agentId, { presence, at: Date.now() });
  return presence;
}

/** An agent connected or left somewhere: look it up afresh next time. */
export function forgetPresence(agentId: string) {
  remote.delete(agentId);
}

/** Like presenceOf, but an agent connected nowhere is an AGENT_OFFLINE error naming `what`. */
export async function requirePresence(agentId: string | null | undefined, what: string): Promise<Presence> {
  const presence = agentId ? await presenceOf(agentId) : null;
  if (!presence) throw new AppError("AGENT_OFFLINE", `The agent of ${what} is not connected`);
  return presence;
}

/** Sends to the agent wherever it is connected; false when it is connected nowhere. */
export async function sendToAgent(agentId: string, message: CoreMessage): Promise<boolean> {
  const presence = await presenceOf(agentId);
  if (!presence) return false;
  if (presence.coreId === CORE_ID) connectionOf(agentId)?.send(message);
  else sendToCore(presence.coreId, "agent.send", { agentId, message });
  return true;
}

onClusterMessage("agent.send", "relay", (body) => {
  const { agentId, message } = body as { agentId: string; message: CoreMessage };
  connectionOf(agentId)?.send(message);
});

for (const topic of ["agent.back", "agent.gone"]) onClusterMessage(topic, "relay", (body) => forgetPresence((body as { agentId: string }).agentId));
