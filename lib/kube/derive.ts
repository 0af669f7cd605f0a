// Timeline events from one object change (previous → next). Pure: the ingest step looks up
// which service an object belongs to and stores what this returns.
import type { WatchedKind } from "../protocol/kube";
import { condition, isServiceKind, meta, rollingOut, type K } from "./objects";
import { isRestartOnly, summarize, templateDiff } from "./template-diff";

export interface DerivedEvent {
  type: string;
  severity: "info" | "warning" | "error";
  summary: string;
  details?: Record<string, unknown>;
}

/** What ingest looks up around a change, so the events can say who made it. */
export interface DeriveContext {
  /** The HorizontalPodAutoscaler targeting the workload, if any. */
  autoscaler?: K;
  /** The Wheelhouse user whose scale action this replica change is, if it is one. */
  scaledBy?: string | null;
}

/**
 * A replica change to a count inside an autoscaler's [min, max] is the autoscaler's doing, unless
 * it is a scale someone made through Wheelhouse; one outside the range can only be by hand (the
 * autoscaler will soon undo it). A kubectl scale inside the range is credited to the autoscaler.
 */
function autoscaledBy(autoscaler: K | undefined, replicas: number): string | null {
  if (!autoscaler) return null;
  const { minReplicas = 1, maxReplicas } = autoscaler.spec ?? {};
  return replicas >= minReplicas && replicas <= maxReplicas ? meta(autoscaler).name : null;
}

function workloadEvents(kind: string, prev: K | undefined, next: K, ctx: DeriveContext): DerivedEvent[] {
  if (!prev || !isServiceKind(kind)) return [];
  const out: DerivedEvent[] = [];
  const changes = templateDiff(prev.spec?.template, next.spec?.template);
  if (changes.length) {
    const restart = isRestartOnly(changes);
    out.push({
      type: "deploy",
      severity: "info",
      summary: restart ? "Rollout restart" : `Deploy: ${summarize(changes)}`,
      details: { diff: changes, generation: meta(next).generation, restart },
    });
  }
  if (prev.spec?.replicas !== undefined && next.spec?.replicas !== undefined && prev.spec.replicas !== next.spec.replicas) {
    const person = ctx.scaledBy ?? null;
    const hpa = person ? null : autoscaledBy(ctx.autoscaler, next.spec.replicas);
    const by = hpa ? ` by HorizontalPodAutoscaler ${hpa}` : person ? ` by ${person}` : "";
    const summary = `${hpa ? "Autoscaled" : "Scaled"} from ${prev.spec.replicas} to ${next.spec.replicas} replicas${by}`;
    out.push({
      type: "replicas",
      severity: "info",
      summary,
      details: { before: prev.spec.replicas, after: next.spec.replicas, source: hpa ? "autoscaler" : "manual", autoscaler: hpa, by: person },
    });
  }
  const wasRolling = rollingOut(kind, prev);
  const progressing = condition(next, "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded" && condition(prev, "Progressing")?.reason !== "ProgressDeadlineExceeded") {
    out.push({ type: "rollout", severity: "error", summary: "Rollout failed: progress deadline exceeded", details: { message: progressing.message } });
  } else if (wasRolling && !rollingOut(kind, next)) {
    out.push({ type: "rollout", severity: "info", summary: "Rollout complete", details: { generation: meta(next).generation } });
  }
  return out;
}

function containerStatuses(pod: K | undefined): K[] {
  return [...(pod?.status?.initContainerStatuses ?? []), ...(pod?.status?.containerStatuses ?? [])];
}

/** A termination's identity: the container instance it ended (unique per run), else when it ended. */
const terminationId = (t: K | undefined): string | null => t?.containerID || t?.finishedAt || null;

/**
 * The crashes a container status newly shows, oldest first. The pod status shows a crash first
 * as `state.terminated` (until the kubelet restarts the container, seconds later under
 * back-off), then as `lastState.terminated` with restartCount + 1: a crash is reported at the
 * first of the two, and its `key` (pod, container, termination) lets ingest skip it when the
 * second one arrives, or when the same restart is seen again after a re-list. A termination
 * without an id (never from a real kubelet) is numbered by the restart it causes.
 */
function crashesOf(pod: K, c: K, old: K | undefined): { terminated: K; restarted: boolean; key: string }[] {
  const key = (t: K, ordinal: number) => `${meta(pod).uid}/${c.name}/${terminationId(t) ?? `#${ordinal}`}`;
  const restarts = c.restartCount ?? 0;
  const out: { terminated: K; restarted: boolean; key: string }[] = [];
  if (restarts > (old?.restartCount ?? 0)) {
    const last = c.lastState?.terminated ?? {};
    out.push({ terminated: last, restarted: true, key: key(last, restarts) });
  }
  const now = c.state?.terminated;
  const seen = old?.state?.terminated;
  // A container stopped because its pod is being deleted (a rollout, a scale-down) did not crash.
  const failed = now && !pod.metadata?.deletionTimestamp && ((now.exitCode ?? 0) !== 0 || now.reason === "OOMKilled");
  if (failed && !(seen && key(seen, (old?.restartCount ?? 0) + 1) === key(now, restarts + 1)))
    out.push({ terminated: now, restarted: false, key: key(now, restarts + 1) });
  return out;
}

function crashEvent(pod: K, c: K, t: K, restarted: boolean, key: string): DerivedEvent {
  const name = meta(pod).name;
  const reason =
    t.reason === "OOMKilled" ? "OOMKilled" : t.reason ? `${t.reason} (exit code ${t.exitCode})` : restarted ? "restarted" : `exit code ${t.exitCode}`;
  return {
    type: "restart",
    severity: t.reason === "OOMKilled" ? "error" : "warning",
    summary: `Container ${c.name} in ${name} ${restarted ? "restarted" : "crashed"}: ${reason}`,
    details: {
      pod: name,
      container: c.name,
      restartCount: c.restartCount,
      reason: t.reason ?? null,
      exitCode: t.exitCode ?? null,
      message: t.message ?? null,
      finishedAt: t.finishedAt ?? null,
      containerID: t.containerID ?? null,
      termination: key,
    },
  };
}

function podEvents(prev: K | undefined, next: K): DerivedEvent[] {
  const out: DerivedEvent[] = [];
  const name = meta(next).name;
  if (prev?.status?.phase !== next.status?.phase && next.status?.phase) {
    out.push({
      type: "pod-phase",
      severity: next.status.phase === "Failed" ? "error" : "info",
      summary: `Pod ${name} is ${next.status.phase}`,
      details: { pod: name, from: prev?.status?.phase ?? null, to: next.status.phase },
    });
  }
  const before = new Map(containerStatuses(prev).map((c) => [c.name, c]));
  for (const c of containerStatuses(next)) {
    const old = before.get(c.name);
    for (const crash of crashesOf(next, c, old)) out.push(crashEvent(next, c, crash.terminated, crash.restarted, crash.key));
    const waiting = c.state?.waiting?.reason;
    if (waiting && waiting !== old?.state?.waiting?.reason) {
      if (waiting === "CrashLoopBackOff")
        out.push({
          type: "crash-loop",
          severity: "error",
          summary: `Container ${c.name} in ${name} is in CrashLoopBackOff`,
          details: { pod: name, container: c.name, message: c.state.waiting.message ?? null },
        });
      if (waiting === "ImagePullBackOff" || waiting === "ErrImagePull" || waiting === "ErrImageNeverPull")
        out.push({
          type: "image-pull",
          severity: "error",
          summary: `Container ${c.name} in ${name} can't get its image (${waiting})`,
          details: { pod: name, container: c.name, image: c.image, message: c.state.waiting.message ?? null },
        });
    }
  }
  const scheduled = condition(next, "PodScheduled");
  if (scheduled?.status === "False" && scheduled.reason === "Unschedulable" && condition(prev ?? {}, "PodScheduled")?.reason !== "Unschedulable") {
    out.push({
      type: "scheduling",
      severity: "warning",
      summary: `Pod ${name} can't be scheduled`,
      details: { pod: name, message: scheduled.message ?? null },
    });
  }
  return out;
}

function nodeEvents(prev: K | undefined, next: K): DerivedEvent[] {
  const out: DerivedEvent[] = [];
  const name = meta(next).name;
  for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]) {
    const was = condition(prev ?? {}, type)?.status;
    const is = condition(next, type)?.status;
    if (prev && was !== is && is) {
      const bad = type === "Ready" ? is !== "True" : is === "True";
      out.push({
        type: "node",
        severity: bad ? "error" : "info",
        summary: `Node ${name}: ${type} is ${is}`,
        details: { node: name, condition: type, from: was ?? null, to: is },
      });
    }
  }
  if (prev && Boolean(prev.spec?.unschedulable) !== Boolean(next.spec?.unschedulable)) {
    out.push({
      type: "node",
      severity: next.spec?.unschedulable ? "warning" : "info",
      summary: `Node ${name} ${next.spec?.unschedulable ? "cordoned" : "uncordoned"}`,
      details: { node: name },
    });
  }
  return out;
}

/** ConfigMap/Secret changes name the keys that changed, never their values. */
function configEvents(kind: string, prev: K | undefined, next: K): DerivedEvent[] {
  if (!prev) return [];
  const keysOf = (o: K) => ({ ...(o.data ?? {}), ...(o.binaryData ?? {}) }) as Record<string, string>;
  const a = keysOf(prev);
  const b = keysOf(next);
  const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => (kind === "Secret" ? !(k in a) || !(k in b) : a[k] !== b[k])).sort();
  // Secret values never reach core, so for Secrets only added/removed keys and the resourceVersion tell a change.
  if (!changed.length && !(kind === "Secret" && prev.metadata?.resourceVersion !== next.metadata?.resourceVersion)) return [];
  return [
    {
      type: "config-change",
      severity: "info",
      summary: `${kind} ${meta(next).name} changed${changed.length ? ` (keys: ${changed.join(", ")})` : ""}`,
      details: { kind, name: meta(next).name, keys: changed },
    },
  ];
}

function warningEvent(next: K): DerivedEvent[] {
  if (next.type !== "Warning") return [];
  const obj = next.involvedObject ?? {};
  return [
    {
      type: "warning",
      severity: "warning",
      summary: `${next.reason}: ${next.message}`,
      details: { reason: next.reason, message: next.message, object: `${obj.kind}/${obj.name}`, count: next.count ?? 1 },
    },
  ];
}

export function deriveEvents(kind: WatchedKind, prev: K | undefined, next: K | undefined, ctx: DeriveContext = {}): DerivedEvent[] {
  if (!next) return [];
  switch (kind) {
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
      return workloadEvents(kind, prev, next, ctx);
    case "Pod":
      return podEvents(prev, next);
    case "Node":
      return nodeEvents(prev, next);
    case "ConfigMap":
    case "Secret":
      return configEvents(kind, prev, next);
    case "Event":
      return prev ? [] : warningEvent(next);
    default:
      return [];
  }
}
