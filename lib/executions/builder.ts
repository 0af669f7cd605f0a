// Which Server a build runs on: one of its Builder's Servers, the first connected one with a
// free build slot (maxConcurrentBuilds), else the first connected one, where the build waits
// its turn. Cloud providers are an interface this build does not implement: they say so.
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { IN_FLIGHT } from "../agents/commands";
import { presenceOf } from "../agents/relay";
import { db } from "../db";
import { AppError } from "../errors";
import { builderConfig } from "../resources/builder/schema";

export async function builderServer(actor: Actor, builderId: string): Promise<{ serverId: string; serverName: string; agentId: string }> {
  if (!builderId) throw new AppError("INVALID_INPUT", "Choose a Builder for this build first", { "config.builderId": ["Required"] });
  const builder = await db.builder.findUnique({ where: { id: builderId }, select: { id: true, name: true, config: true } });
  if (!builder) throw new AppError("CONFLICT", "The configured builder no longer exists", { "config.builderId": ["No such builder"] });
  // Building places work on the Builder's servers: the Builder's Execute covers them, as it did
  // when someone with Execute on each server put them in it.
  await authorize(actor, "execute", { kind: "resource", type: "builder", id: builderId }).catch((e) => {
    if (e instanceof AppError && (e.code === "FORBIDDEN" || e.code === "NOT_FOUND"))
      throw new AppError("FORBIDDEN", `This needs Execute permission on builder ${builder.name}`);
    throw e;
  });
  const config = builderConfig.parse(builder.config);
  if (config.provider !== "server")
    throw new AppError(
      "CONFLICT",
      `${config.provider === "aws" ? "AWS" : "Hetzner"} builders are not available in this build of Wheelhouse: it launches no cloud machines. Use a Builder of connected Servers.`,
    );
  if (!config.serverIds.length) throw new AppError("CONFLICT", `Builder ${builder.name} has no servers`);
  const servers = await db.server.findMany({ where: { id: { in: config.serverIds } }, select: { id: true, name: true, agentId: true, config: true } });
  const connected: { serverId: string; serverName: string; agentId: string }[] = [];
  for (const id of config.serverIds) {
    const server = servers.find((s) => s.id === id);
    if (!server?.agentId || (server.config as { enabled?: boolean }).enabled === false || !(await presenceOf(server.agentId))) continue;
    connected.push({ serverId: server.id, serverName: server.name, agentId: server.agentId });
  }
  if (!connected.length) throw new AppError("AGENT_OFFLINE", `None of builder ${builder.name}'s servers has its agent connected`);
  for (const candidate of connected) {
    const running = await db.agentCommand.count({
      where: { agentId: candidate.agentId, status: { in: IN_FLIGHT }, payload: { path: ["kind"], equals: "build.run" } },
    });
    if (running < config.maxConcurrentBuilds) return candidate;
  }
  return connected[0]!;
}
