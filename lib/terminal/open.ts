// Opening a shell: who may (the Terminal permission on the target), on which agent and
// container, and the audit record that every session leaves.
import "../server-only";
import { z } from "zod";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import type { CoreMessage } from "../protocol/agent";
import { connectionOf } from "../agents/hub";
import { recordChange } from "../updates/record";
import { parseInput } from "../validation";

export const ZOpenTerminalInput = z
  .object({
    targetType: z.enum(["server", "deployment", "stack"]),
    targetId: z.string().min(1),
    /** For stacks: the compose service to open a shell in. */
    service: z.string().min(1).max(128).optional(),
  })
  .strict();

export const idleTimeoutSeconds = () => env.WHEELHOUSE_TERMINAL_IDLE_SECONDS;

type Target = Extract<CoreMessage, { type: "terminal.open" }>["target"];

export async function resolveTarget(type: "server" | "deployment" | "stack", id: string, service?: string): Promise<{ serverId: string; target: Target; label: string }> {
  if (type === "server") return { serverId: id, target: { kind: "host" }, label: "host shell" };
  if (type === "deployment") {
    const d = await db.deployment.findUniqueOrThrow({ where: { id }, select: { name: true, config: true } });
    const serverId = (d.config as { serverId?: string }).serverId;
    if (!serverId) throw new AppError("CONFLICT", "This deployment has no server");
    return { serverId, target: { kind: "container", container: d.name }, label: `container ${d.name}` };
  }
  const s = await db.stack.findUniqueOrThrow({ where: { id }, select: { name: true, config: true } });
  const config = s.config as { serverId?: string; projectName?: string };
  if (!config.serverId) throw new AppError("CONFLICT", "This stack has no server");
  if (!service) throw new AppError("INVALID_INPUT", "Choose a service", { service: ["Choose a service"] });
  const project = (config.projectName || s.name).toLowerCase();
  return { serverId: config.serverId, target: { kind: "service", project, service }, label: `service ${service}` };
}

/** How the audit record names where the shell ran. */
function describeTarget(target: Target): string {
  switch (target.kind) {
    case "host":
      return "host";
    case "container":
      return target.container;
    case "service":
      return `${target.project}/${target.service}`;
    case "pod":
      return `${target.namespace}/${target.pod}${target.container ? `/${target.container}` : ""}`;
  }
}

export async function openTerminal(actor: Actor, body: unknown) {
  const input = parseInput(ZOpenTerminalInput, body);
  const { resource } = await authorize(actor, "terminal", { kind: "resource", type: input.targetType, id: input.targetId });
  const { serverId, target, label } = await resolveTarget(input.targetType, input.targetId, input.service);
  const server = await db.server.findUnique({ where: { id: serverId }, select: { agentId: true, name: true } });
  const conn = server?.agentId ? connectionOf(server.agentId) : undefined;
  if (!conn) throw new AppError("AGENT_OFFLINE", `The agent of ${server?.name ?? "this server"} is not connected`);
  if (!conn.capabilities?.terminals) throw new AppError("FORBIDDEN", "Terminals are turned off on this server's agent");
  const session = await db.$transaction(async (tx) => {
    const row = await tx.terminalSession.create({
      data: {
        userId: actor.id,
        username: actor.username,
        targetType: input.targetType,
        targetId: input.targetId,
        targetName: resource.name,
        container: describeTarget(target),
      },
    });
    await recordChange(tx, actor, { operation: "OpenTerminal", targetType: input.targetType, target: resource, log: [`Opened a ${label} (session ${row.id})`] });
    return row;
  });
  return { id: session.id, agentId: conn.agentId, target, title: `${resource.name}${target.kind === "host" ? "" : ` · ${label}`}`, idleTimeoutSeconds: idleTimeoutSeconds() };
}
