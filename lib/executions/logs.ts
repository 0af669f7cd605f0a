// Container logs of a Deployment or of one service of a Stack: the last N lines, or a live
// stream (server-sent events) that ends when the browser goes away. The secret Variables a
// resource's config uses are replaced by *** here, on core, before search and before anything
// is sent on: the agent streams container output as it is.
import { z } from "zod";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { request } from "../agents/requests";
import { AppError } from "../errors";
import type { CoreMessage } from "../protocol/agent";
import { ZContainerName, ZNamespaceName, ZPodName } from "../protocol/kube-names";
import { deploymentConfig } from "../resources/deployment/schema";
import { composeProject, stackConfig } from "../resources/stack/schema";
import type { DeploymentInfo } from "../resources/deployment/info";
import type { StackInfo } from "../resources/stack/info";
import { parseInput } from "../validation";
import { requirePresence } from "../agents/relay";
import { agentOfServer } from "./target";
import { redactor } from "../secrets/redact";
import { secretValuesIn } from "./variables";

export const ZLogsQuery = z
  .object({
    tail: z.coerce.number().int().min(1).max(10000).default(200),
    follow: z.enum(["true", "false"]).default("false"),
    search: z.string().max(200).optional(),
    /** For stacks: which service. */
    service: z.string().min(1).max(128).optional(),
    /** For pods: which container, and whether to read the previous (crashed) one. */
    container: ZContainerName.optional(),
    previous: z.enum(["true", "false"]).default("false"),
  })
  .strict();

export const ZPodRef = z.object({ clusterId: z.string().min(1), namespace: ZNamespaceName, pod: ZPodName });

export type LogsTarget = "deployment" | "stack" | { pod: z.infer<typeof ZPodRef> };
type Source = Extract<CoreMessage, { type: "logs.request" }>["source"];

type Redact = (line: string) => string;
const asIs: Redact = (line) => line;

// Redaction follows what was deployed — the last config and the one before, which a container
// may still run — never the config as saved: anyone with Write could save a `[[NAME]]` they
// may not read, and watch which of their container's output turns into ***.

/** Every text of a deployed config that `[[NAME]]` can appear in. */
function deploymentTexts(configs: unknown[]): string[] {
  return configs.flatMap((c) => {
    const parsed = deploymentConfig.safeParse(c);
    return parsed.success ? [parsed.data.env, parsed.data.labels, parsed.data.command, parsed.data.image] : [];
  });
}

function stackTexts(configs: unknown[]): string[] {
  return configs.flatMap((c) => {
    const parsed = stackConfig.safeParse(c);
    return parsed.success ? [...parsed.data.files.map((f) => f.contents), parsed.data.env, parsed.data.preDeployCommand, parsed.data.postDeployCommand] : [];
  });
}

async function target(
  actor: Actor,
  type: LogsTarget,
  id: string,
  service?: string,
  container?: string,
  previous = false,
): Promise<{ agentId: string; source: Source; redact: Redact }> {
  if (typeof type === "object") {
    // A pod: Kubernetes RBAC "logs" on its namespace, through the cluster's agent.
    const cluster = await db.cluster.findUnique({ where: { id: type.pod.clusterId }, select: { name: true, agentId: true } });
    if (!cluster) throw new AppError("NOT_FOUND", "Cluster not found");
    await authorize(actor, "read", { kind: "kube", cluster: cluster.name, namespace: type.pod.namespace, action: "logs" });
    const { agentId } = await requirePresence(cluster.agentId, `cluster ${cluster.name}`);
    return { agentId, source: { kind: "pod", namespace: type.pod.namespace, pod: type.pod.pod, container, previous }, redact: asIs };
  }
  await authorize(actor, "logs", { kind: "resource", type, id });
  if (type === "deployment") {
    const d = await db.deployment.findUniqueOrThrow({ where: { id }, select: { name: true, config: true, info: true } });
    const { agentId } = await agentOfServer(deploymentConfig.parse(d.config).serverId);
    const info = (d.info ?? {}) as DeploymentInfo;
    const secrets = await secretValuesIn(deploymentTexts([info.deployed?.config, info.previousDeployed?.config]));
    return { agentId, source: { kind: "container", container: d.name }, redact: redactor(secrets) };
  }
  if (!service) throw new AppError("INVALID_INPUT", "Choose a service", { service: ["Choose a service"] });
  const s = await db.stack.findUniqueOrThrow({ where: { id }, select: { name: true, config: true, info: true } });
  const config = stackConfig.parse(s.config);
  const { agentId } = await agentOfServer(config.serverId);
  const info = (s.info ?? {}) as StackInfo;
  const secrets = await secretValuesIn(stackTexts([info.deployed?.config, info.previousDeployed?.config]));
  return { agentId, source: { kind: "service", project: composeProject(s.name, config), service }, redact: redactor(secrets) };
}

const matcher = (search?: string) => (search ? (line: string) => line.toLowerCase().includes(search.toLowerCase()) : () => true);

export async function tailLogs(actor: Actor, type: LogsTarget, id: string, query: unknown): Promise<{ lines: string[] }> {
  const q = parseInput(ZLogsQuery, query);
  const { agentId, source, redact } = await target(actor, type, id, q.service, q.container, q.previous === "true");
  const lines: string[] = [];
  const { done } = await request(agentId, { type: "logs.request", source, tail: q.tail, follow: false }, (data) =>
    lines.push(...(data as string[]).map(redact)),
  );
  await done;
  return { lines: lines.filter(matcher(q.search)) };
}

/** What a follower may have queued for a browser that reads slower than the container writes. */
export const FOLLOW_BUFFER_BYTES = 1024 * 1024;

/**
 * Events waiting for a reader, bounded: the agent can't be slowed down, so past
 * FOLLOW_BUFFER_BYTES the oldest waiting events are dropped — the newest, and the end of the
 * stream, always get through — and the reader is told how many lines it missed, where.
 */
class BoundedEvents {
  private events: string[] = [];
  private bytes = 0;
  private skipped = 0;
  private ended = false;
  private wake?: () => void;

  push(event: string) {
    this.events.push(event);
    this.bytes += event.length;
    while (this.bytes > FOLLOW_BUFFER_BYTES && this.events.length > 1) {
      this.bytes -= this.events.shift()!.length;
      this.skipped++;
    }
    this.wake?.();
  }

  end() {
    this.ended = true;
    this.wake?.();
  }

  /** Everything waiting, as one chunk; null once the stream has ended and all was taken. */
  async take(): Promise<string | null> {
    while (!this.events.length && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    if (!this.events.length) return null;
    const notice = this.skipped
      ? sse(`… ${this.skipped} lines skipped: the browser fell behind (at most ${FOLLOW_BUFFER_BYTES / 1024 / 1024} MiB is kept for it)`)
      : "";
    const text = notice + this.events.join("");
    this.events = [];
    this.bytes = 0;
    this.skipped = 0;
    return text;
  }
}

const sse = (line: string) => `data: ${JSON.stringify(line)}\n\n`;

/** A text/event-stream of log lines; each event's data is one line. */
export async function followLogs(actor: Actor, type: LogsTarget, id: string, query: unknown, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const q = parseInput(ZLogsQuery, query);
  const { agentId, source, redact } = await target(actor, type, id, q.service, q.container, q.previous === "true");
  const keep = matcher(q.search);
  const encoder = new TextEncoder();
  const waiting = new BoundedEvents();
  const { done, cancel } = await request(
    agentId,
    { type: "logs.request", source, tail: q.tail, follow: true },
    (data) => {
      for (const line of (data as string[]).map(redact)) if (keep(line)) waiting.push(sse(line));
    },
    0,
  );
  signal.addEventListener("abort", cancel);
  done.then(
    () => waiting.end(),
    (e) => {
      waiting.push(`event: error\ndata: ${JSON.stringify((e as Error).message)}\n\n`);
      waiting.end();
    },
  );
  // Pulled: nothing is queued in the stream itself, so the bound above is the only buffer.
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const text = await waiting.take();
        if (text === null) controller.close();
        else controller.enqueue(encoder.encode(text));
      },
      cancel() {
        cancel();
        waiting.end();
      },
    },
    { highWaterMark: 0 },
  );
}
