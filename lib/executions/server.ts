// Server executions: prune (containers, images, networks, volumes, system).
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { runOnAgent } from "../agents/commands";
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
