// Server executions and reads: prune, and the inventory (containers, images, networks, volumes).
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { AppError } from "../errors";
import { runOnAgent } from "../agents/commands";
import { request } from "../agents/requests";
import type { AgentMessage } from "../protocol/agent";
import { asExecution } from "./run";
import { agentOfServer } from "./target";

export const PRUNE_TARGETS = ["containers", "images", "networks", "volumes", "system"] as const;

export async function prune(actor: Actor, id: string, what: (typeof PRUNE_TARGETS)[number]) {
  const { resource: server } = await authorize(actor, "execute", { kind: "resource", type: "server", id });
  return asExecution(actor, `Prune${what.charAt(0).toUpperCase()}${what.slice(1)}`, { type: "server", ...server }, async (updateId) => {
    const { agentId } = await agentOfServer(id);
    return runOnAgent(agentId, updateId, { kind: "docker.prune", what }, 300);
  });
}

export type Inventory = Omit<Extract<AgentMessage, { type: "inventory" }>, "type" | "requestId">;

export async function inventory(serverId: string): Promise<Inventory> {
  const { agentId } = await agentOfServer(serverId);
  let result: Inventory | undefined;
  const { done } = request(agentId, { type: "inventory.request" }, (data) => {
    const { type: _type, requestId: _id, ...rest } = data as Extract<AgentMessage, { type: "inventory" }>;
    result = rest;
  });
  await done;
  if (!result) throw new AppError("AGENT_OFFLINE", "The agent sent no inventory");
  return result;
}
