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
import { requirePresence } from "../agents/relay";
import { agentOfServer } from "../executions/target";
import { composeProject } from "../resources/stack/schema";
import { recordChange } from "../updates/record";
import { ZContainerName, ZNamespaceName, ZPodName } from "../protocol/kube-names";
import { parseInput } from "../validation";

export const ZOpenTerminalInput = z.discriminatedUnion("targetType", [
  z
    .object({
      targetType: z.enum(["server", "deployment", "stack"]),
      targetId: z.string().min(1),
      /** For stacks: the compose service to open a shell in. */
      service: z.string().min(1).max(128).optional(),
    })
    .strict(),
  /** A container of a pod, through the cluster's agent and the Kubernetes exec API. */
  z
    .object({ targetType: z.literal("pod"), clusterId: z.string().min(1), namespace: ZNamespaceName, pod: ZPodName, container: ZContainerName.optional() })
    .strict(),
]);
export type TOpenTerminalInput = z.infer<typeof ZOpenTerminalInput>;

export const idleTimeoutSeconds = () => env.WHEELHOUSE_TERMINAL_IDLE_SECONDS;

type Target = Extract<CoreMessage, { type: "terminal.open" }>["target"];

/** Authorizes a shell on a pod: exec:pod on its namespace, and the agent must allow pod shells. */
export async function authorizePodShell(actor: Actor, clusterId: string, namespace: string) {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true, name: true, agentId: true } });
  if (!cluster) throw new AppError("NOT_FOUND", "Cluster not found");
  await authorize(actor, "execute", { kind: "kube", cluster: cluster.name, namespace, action: "exec:pod" });
  const agent = await requirePresence(cluster.agentId, `cluster ${cluster.name}`);
  if (!agent.capabilities?.kubernetes?.podExec) throw new AppError("FORBIDDEN", `The agent of cluster ${cluster.name} has actions.podExec turned off`);
  return { cluster, agentId: agent.agentId };
}

export async function resolveTarget(
  type: "server" | "deployment" | "stack",
  id: string,
  service?: string,
): Promise<{ serverId: string; target: Target; label: string }> {
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
  const project = composeProject(s.name, config);
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

async function openPodShell(actor: Actor, input: Extract<TOpenTerminalInput, { targetType: "pod" }>) {
  const { cluster, agentId } = await authorizePodShell(actor, input.clusterId, input.namespace);
  const target: Target = { kind: "pod", namespace: input.namespace, pod: input.pod, container: input.container };
  const session = await db.$transaction(async (tx) => {
    const row = await tx.terminalSession.create({
      data: {
        userId: actor.id,
        username: actor.username,
        targetType: "cluster",
        targetId: cluster.id,
        targetName: cluster.name,
        container: describeTarget(target),
      },
    });
    await recordChange(tx, actor, {
      operation: "OpenTerminal",
      targetType: "cluster",
      target: cluster,
      namespace: input.namespace,
      log: [`Opened a shell in pod ${input.namespace}/${input.pod} (session ${row.id})`],
    });
    await tx.timelineEvent.create({
      data: {
        clusterId: cluster.id,
        namespace: input.namespace,
        objectKind: "Pod",
        objectName: input.pod,
        type: "shell",
        severity: "info",
        summary: `Shell opened in ${input.pod} by ${actor.username}`,
        details: { sessionId: row.id, container: input.container ?? null, actor: actor.username },
      },
    });
    return row;
  });
  return { id: session.id, agentId, target, title: `${input.pod}${input.container ? ` · ${input.container}` : ""}`, idleTimeoutSeconds: idleTimeoutSeconds() };
}

export async function openTerminal(actor: Actor, body: unknown) {
  const input = parseInput(ZOpenTerminalInput, body);
  if (input.targetType === "pod") return openPodShell(actor, input);
  const { resource } = await authorize(actor, "terminal", { kind: "resource", type: input.targetType, id: input.targetId });
  const { serverId, target, label } = await resolveTarget(input.targetType, input.targetId, input.service);
  // The same checks as every execution on a server: it exists, is enabled, and its agent is here.
  const { agentId, capabilities } = await agentOfServer(serverId);
  if (!capabilities?.terminals) throw new AppError("FORBIDDEN", "Terminals are turned off on this server's agent");
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
    await recordChange(tx, actor, {
      operation: "OpenTerminal",
      targetType: input.targetType,
      target: resource,
      log: [`Opened a ${label} (session ${row.id})`],
    });
    return row;
  });
  return {
    id: session.id,
    agentId,
    target,
    title: `${resource.name}${target.kind === "host" ? "" : ` · ${label}`}`,
    idleTimeoutSeconds: idleTimeoutSeconds(),
  };
}
