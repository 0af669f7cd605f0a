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
import { agentOfServer } from "./target";

export const ZLogsQuery = z
  .object({
    tail: z.coerce.number().int().min(1).max(10000).default(200),
    follow: z.enum(["true", "false"]).default("false"),
    search: z.string().max(200).optional(),
    /** For stacks: which service. */
    service: z.string().min(1).max(128).optional(),
  })
  .strict();

export type LogsTarget = "deployment" | "stack";
type Source = Extract<CoreMessage, { type: "logs.request" }>["source"];

async function target(actor: Actor, type: LogsTarget, id: string, service?: string): Promise<{ agentId: string; source: Source }> {
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
  const { agentId, source } = await target(actor, type, id, q.service);
  const lines: string[] = [];
  const { done } = request(agentId, { type: "logs.request", source, tail: q.tail, follow: false }, (data) => lines.push(...(data as string[])));
  await done;
  return { lines: lines.filter(matcher(q.search)) };
}

/** A text/event-stream of log lines; each event's data is one line. */
export async function followLogs(actor: Actor, type: LogsTarget, id: string, query: unknown, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const q = parseInput(ZLogsQuery, query);
  const { agentId, source } = await target(actor, type, id, q.service);
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
