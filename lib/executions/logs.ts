// Container logs of a Deployment or of one service of a Stack: the last N lines, or a live
// stream (server-sent events) that ends when the browser goes away.
import { z } from "zod";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { request } from "../agents/requests";
import { AppError } from "../errors";
import type { CoreMessage } from "../protocol/agent";
import { deploymentConfig } from "../resources/deployment/schema";
import { stackConfig } from "../resources/stack/schema";
import { projectName } from "./stack";
import { parseInput } from "../validation";
import { connectionOf } from "../agents/hub";
import { agentOfServer } from "./target";

export const ZLogsQuery = z
  .object({
    tail: z.coerce.number().int().min(1).max(10000).default(200),
    follow: z.enum(["true", "false"]).default("false"),
    search: z.string().max(200).optional(),
    /** For stacks: which service. */
    service: z.string().min(1).max(128).optional(),
    /** For pods: which container, and whether to read the previous (crashed) one. */
    container: z.string().min(1).max(253).optional(),
    previous: z.enum(["true", "false"]).default("false"),
  })
  .strict();

export const ZPodRef = z.object({ clusterId: z.string().min(1), namespace: z.string().min(1), pod: z.string().min(1) });

export type LogsTarget = "deployment" | "stack" | { pod: z.infer<typeof ZPodRef> };
type Source = Extract<CoreMessage, { type: "logs.request" }>["source"];

async function target(actor: Actor, type: LogsTarget, id: string, service?: string, container?: string, previous = false): Promise<{ agentId: string; source: Source }> {
  if (typeof type === "object") {
    // A pod: Kubernetes RBAC "logs" on its namespace, through the cluster's agent.
    const cluster = await db.cluster.findUnique({ where: { id: type.pod.clusterId }, select: { name: true, agentId: true } });
    if (!cluster) throw new AppError("NOT_FOUND", "Cluster not found");
    await authorize(actor, "read", { kind: "kube", cluster: cluster.name, namespace: type.pod.namespace, action: "logs" });
    if (!cluster.agentId || !connectionOf(cluster.agentId)) throw new AppError("AGENT_OFFLINE", `The agent of cluster ${cluster.name} is not connected`);
    return { agentId: cluster.agentId, source: { kind: "pod", namespace: type.pod.namespace, pod: type.pod.pod, container, previous } };
  }
  await authorize(actor, "logs", { kind: "resource", type, id });
  if (type === "deployment") {
    const d = await db.deployment.findUniqueOrThrow({ where: { id }, select: { name: true, config: true } });
    const { agentId } = await agentOfServer(deploymentConfig.parse(d.config).serverId);
    return { agentId, source: { kind: "container", container: d.name } };
  }
  if (!service) throw new AppError("INVALID_INPUT", "Choose a service", { service: ["Choose a service"] });
  const s = await db.stack.findUniqueOrThrow({ where: { id }, select: { name: true, config: true } });
  const config = stackConfig.parse(s.config);
  const { agentId } = await agentOfServer(config.serverId);
  return { agentId, source: { kind: "service", project: projectName(s.name, config), service } };
}

const matcher = (search?: string) => (search ? (line: string) => line.toLowerCase().includes(search.toLowerCase()) : () => true);

export async function tailLogs(actor: Actor, type: LogsTarget, id: string, query: unknown): Promise<{ lines: string[] }> {
  const q = parseInput(ZLogsQuery, query);
  const { agentId, source } = await target(actor, type, id, q.service, q.container, q.previous === "true");
  const lines: string[] = [];
  const { done } = request(agentId, { type: "logs.request", source, tail: q.tail, follow: false }, (data) => lines.push(...(data as string[])));
  await done;
  return { lines: lines.filter(matcher(q.search)) };
}

/** A text/event-stream of log lines; each event's data is one line. */
export async function followLogs(actor: Actor, type: LogsTarget, id: string, query: unknown, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const q = parseInput(ZLogsQuery, query);
  const { agentId, source } = await target(actor, type, id, q.service, q.container, q.previous === "true");
  const keep = matcher(q.search);
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      const { done, cancel } = request(
        agentId,
        { type: "logs.request", source, tail: q.tail, follow: true },
        (data) => {
          for (const line of data as string[]) if (keep(line)) controller.enqueue(encoder.encode(`data: ${JSON.stringify(line)}\n\n`));
        },
        0,
      );
      signal.addEventListener("abort", cancel);
      done.then(
        () => controller.close(),
        (e) => {
          controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify((e as Error).message)}\n\n`));
          controller.close();
        },
      );
    },
  });
}
