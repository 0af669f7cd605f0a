// Health checks as pure functions of watched state: each returns the problems it finds, in
// Komodor's shapes. lib/kube/health.ts opens, updates and resolves monitors from them.
import { condition, images, meta, replicaCounts, rollingOut, type K, type ServiceKind } from "./objects";

export type Severity = "high" | "medium" | "low";

export interface Finding {
  checkType: CheckType;
  severity: Severity;
  supportingData: Record<string, unknown>;
}

/**
 * Every check, in Komodor's vocabulary where Komodor has the check (the public /api/v2 filters
 * and groups by these): what it looks at, its category, and its impact group — "dynamic" for
 * problems that come and go with the workload's behaviour, "static" for configuration best
 * practices, "realtime" for failures happening now.
 */
export const CHECKS = {
  restartingContainers: { on: "service", category: "workload", impactGroupType: "dynamic", impactGroupId: "FlakyServices" },
  OOMKilled: { on: "service", category: "workload", impactGroupType: "dynamic", impactGroupId: "FlakyServices" },
  deploymentMissingReplicas: { on: "service", category: "workload", impactGroupType: "dynamic", impactGroupId: "DegradedService" },
  failedDeploy: { on: "service", category: "workload", impactGroupType: "realtime", impactGroupId: "FailedWorkloads" },
  pendingPods: { on: "service", category: "workload", impactGroupType: "dynamic", impactGroupId: "DegradedService" },
  livenessProbeMissing: { on: "service", category: "workload", impactGroupType: "static", impactGroupId: null },
  readinessProbeMissing: { on: "service", category: "workload", impactGroupType: "static", impactGroupId: null },
  cpuRequestsMissing: { on: "service", category: "workload", impactGroupType: "static", impactGroupId: null },
  memoryRequestsMissing: { on: "service", category: "workload", impactGroupType: "static", impactGroupId: null },
  cpuLimitsMissing: { on: "service", category: "workload", impactGroupType: "static", impactGroupId: null },
  memoryLimitsMissing: { on: "service", category: "workload", impactGroupType: "static", impactGroupId: null },
  latestTag: { on: "service", category: "workload", impactGroupType: "static", impactGroupId: null },
  singleReplica: { on: "service", category: "workload", impactGroupType: "static", impactGroupId: null },
  unhealthyNode: { on: "node", category: "infrastructure", impactGroupType: "realtime", impactGroupId: "FailedInfrastructureResources" },
  failedJob: { on: "job", category: "workload", impactGroupType: "realtime", impactGroupId: "FailedWorkloads" },
  failedCronJob: { on: "job", category: "workload", impactGroupType: "realtime", impactGroupId: "FailedWorkloads" },
} as const satisfies Record<
  string,
  { on: "service" | "node" | "job"; category: "workload" | "infrastructure"; impactGroupType: "static" | "dynamic" | "realtime"; impactGroupId: string | null }
>;

export type CheckType = keyof typeof CHECKS;
export const CHECK_TYPES = Object.keys(CHECKS) as CheckType[];
export const SERVICE_CHECK_TYPES = CHECK_TYPES.filter((c) => CHECKS[c].on === "service");

const AVAILABILITY_GRACE_MS = 60_000;
const PENDING_GRACE_MS = 60_000;
const RESTART_THRESHOLD = 2;

function statuses(pod: K): K[] {
  return pod.status?.containerStatuses ?? [];
}

function restartingContainers(pods: K[]): Finding | null {
  const counts = new Map<string, number>();
  const reasons = new Map<string, { reason: string; message: string; count: number }>();
  const samples: { podName: string; restarts: number }[] = [];
  for (const pod of pods) {
    let podRestarts = 0;
    for (const c of statuses(pod)) {
      const restarts = c.restartCount ?? 0;
      podRestarts += restarts;
      counts.set(c.name, (counts.get(c.name) ?? 0) + restarts);
      // The kubelet keeps one dead container per container and garbage-collects the older
      // ones, so a container that has just exited again can report no lastState for a while;
      // its own terminated state then carries the same crash.
      const t = c.lastState?.terminated ?? c.state?.terminated;
      if (restarts > 0 && t) {
        // Komodor's restart reasons: OOMKilled, or ProcessExit with the exit code in the message.
        const oom = t.reason === "OOMKilled";
        const message = oom ? "Container was killed: out of memory (OOMKilled)" : `Container exited with error - exit code: ${t.exitCode ?? "?"}`;
        const entry = reasons.get(message) ?? { reason: oom ? "OOMKilled" : "ProcessExit", message, count: 0 };
        entry.count += restarts;
        reasons.set(message, entry);
      }
    }
    if (podRestarts > 0) samples.push({ podName: meta(pod).name, restarts: podRestarts });
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total < RESTART_THRESHOLD) return null;
  const breakdown = [...reasons.values()].map((r) => ({
    message: r.message,
    percent: Math.round((100 * r.count) / total),
    numOccurences: r.count,
    reason: r.reason,
  }));
  return {
    checkType: "restartingContainers",
    severity: total >= 10 ? "high" : "medium",
    supportingData: {
      containers: [...counts.entries()].filter(([, n]) => n > 0).map(([name, restarts]) => ({ name, restarts })),
      restartReasons: {
        breakdown,
        additionalInfo: { podSamples: samples.sort((a, b) => b.restarts - a.restarts).slice(0, 5), numRestartsOnTimeseries: total, numRestartsOnDB: total },
      },
    },
  };
}

function oomKilled(pods: K[]): Finding | null {
  const hits = pods.flatMap((pod) =>
    statuses(pod)
      .filter((c) => c.lastState?.terminated?.reason === "OOMKilled")
      .map((c) => ({ podName: meta(pod).name, container: c.name, limit: null as string | null })),
  );
  return hits.length ? { checkType: "OOMKilled", severity: "high", supportingData: { oomKilledContainers: hits } } : null;
}

function availability(kind: ServiceKind, o: K, now: number): Finding | null {
  const { desired, available } = replicaCounts(kind, o);
  if (available >= desired || rollingOut(kind, o)) return null;
  const since = condition(o, "Available")?.lastTransitionTime ?? meta(o).creationTimestamp;
  if (since && now - new Date(since).getTime() < AVAILABILITY_GRACE_MS) return null;
  return {
    checkType: "deploymentMissingReplicas",
    severity: available === 0 ? "high" : "medium",
    supportingData: { desiredReplicas: desired, availableReplicas: available, since: since ?? null },
  };
}

function failedDeploy(o: K): Finding | null {
  const c = condition(o, "Progressing");
  return c?.reason === "ProgressDeadlineExceeded"
    ? { checkType: "failedDeploy", severity: "high", supportingData: { reason: c.reason, message: c.message ?? null, generation: meta(o).generation ?? null } }
    : null;
}

function pendingPods(pods: K[], now: number): Finding | null {
  const pending = pods.filter((p) => p.status?.phase === "Pending" && now - new Date(meta(p).creationTimestamp ?? now).getTime() > PENDING_GRACE_MS);
  if (!pending.length) return null;
  return {
    checkType: "pendingPods",
    severity: "medium",
    supportingData: {
      pods: pending.map((p) => ({
        podName: meta(p).name,
        reason: condition(p, "PodScheduled")?.reason ?? null,
        message: condition(p, "PodScheduled")?.message ?? null,
      })),
    },
  };
}

/** Best-practice checks, evaluated whenever the spec changes. */
function staticChecks(kind: ServiceKind, o: K): Finding[] {
  const containers: K[] = o.spec?.template?.spec?.containers ?? [];
  const out: Finding[] = [];
  const missing = (test: (c: K) => boolean) => containers.filter((c) => !test(c)).map((c) => c.name);
  // Komodor's static container checks, one per missing setting, with its supporting-data shape.
  const containerCheck = (checkType: CheckType, has: (c: K) => boolean) => {
    const containerNames = missing(has);
    if (containerNames.length) out.push({ checkType, severity: "low", supportingData: { containerNames } });
  };
  containerCheck("livenessProbeMissing", (c) => Boolean(c.livenessProbe));
  containerCheck("readinessProbeMissing", (c) => Boolean(c.readinessProbe));
  containerCheck("cpuRequestsMissing", (c) => Boolean(c.resources?.requests?.cpu));
  containerCheck("memoryRequestsMissing", (c) => Boolean(c.resources?.requests?.memory));
  containerCheck("cpuLimitsMissing", (c) => Boolean(c.resources?.limits?.cpu));
  containerCheck("memoryLimitsMissing", (c) => Boolean(c.resources?.limits?.memory));
  const latest = images(o.spec?.template).filter((i) => !/:[^/]+$/.test(i) || i.endsWith(":latest"));
  if (latest.length) out.push({ checkType: "latestTag", severity: "low", supportingData: { images: latest } });
  if (kind !== "DaemonSet" && (o.spec?.replicas ?? 1) === 1) out.push({ checkType: "singleReplica", severity: "low", supportingData: { replicas: 1 } });
  return out;
}

export function checkService(kind: ServiceKind, o: K, pods: K[], now = Date.now()): Finding[] {
  return [
    restartingContainers(pods),
    oomKilled(pods),
    availability(kind, o, now),
    kind === "Deployment" ? failedDeploy(o) : null,
    pendingPods(pods, now),
    ...staticChecks(kind, o),
  ].filter((f): f is Finding => f !== null);
}

export function checkNode(node: K): Finding[] {
  const problems = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]
    .map((type) => ({ type, c: condition(node, type) }))
    .filter(({ type, c }) => (type === "Ready" ? c?.status !== "True" : c?.status === "True"))
    .map(({ type, c }) => ({ type, status: c?.status ?? "Unknown", reason: c?.reason ?? null, message: c?.message ?? null }));
  return problems.length ? [{ checkType: "unhealthyNode", severity: "high", supportingData: { conditions: problems } }] : [];
}

export function checkJob(job: K, owner: "Job" | "CronJob"): Finding[] {
  const failed = condition(job, "Failed");
  if (failed?.status !== "True") return [];
  return [
    {
      checkType: owner === "CronJob" ? "failedCronJob" : "failedJob",
      severity: "medium",
      supportingData: { jobName: meta(job).name, reason: failed.reason ?? null, message: failed.message ?? null },
    },
  ];
}
