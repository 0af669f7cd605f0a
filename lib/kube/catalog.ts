// The service catalog, jobs, nodes and pods, read from the objects the agents keep current,
// filtered by Kubernetes RBAC ("view" on the cluster and namespace).
import "../server-only";
import type { Actor } from "../authz/actor";
import type { KubeAction } from "../authz/kube";
import { kubeAccessOf } from "../authz/kube-access";
import { db } from "../db";
import { condition, images, isServiceKind, komodorUid, meta, ownerOf, replicaCounts, rollingOut, type K, type ServiceKind } from "./objects";
import type { AutoscalerView, KubeJobView, KubeNodeView, PodView, ServiceSummary } from "./types";

export type { AutoscalerView, PodView, ServiceSummary };

/** What the actor may do in at least one namespace of a cluster (the cluster page offers these). */
export async function actionsInCluster(actor: Actor, clusterId: string): Promise<KubeAction[]> {
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { name: true } });
  return (await kubeAccessOf(actor)).actionsSomewhere(cluster.name);
}

type LastDeploy = NonNullable<ServiceSummary["lastDeploy"]>;

/**
 * The last deploy of each service, from the timeline: the latest `deploy` event and the first
 * rollout result after it (none yet: in progress). One query for a whole page of services.
 */
export async function lastDeploys(uids: string[]): Promise<Map<string, LastDeploy>> {
  if (!uids.length) return new Map();
  const rows = await db.$queryRaw<{ uid: string; start: Date; end: Date | null; severity: string | null }[]>`
    SELECT u.uid, d.at AS "start", r.at AS "end", r.severity
    FROM unnest(${uids}::text[]) AS u(uid)
    JOIN LATERAL (SELECT at FROM "TimelineEvent" WHERE "komodorUid" = u.uid AND type = 'deploy' ORDER BY at DESC LIMIT 1) d ON true
    LEFT JOIN LATERAL (SELECT at, severity FROM "TimelineEvent" WHERE "komodorUid" = u.uid AND type = 'rollout' AND at >= d.at ORDER BY at ASC LIMIT 1) r ON true`;
  return new Map(
    rows.map((r) => [
      r.uid,
      {
        startTime: r.start.toISOString(),
        endTime: r.end?.toISOString() ?? null,
        status: !r.end ? "in progress" : r.severity === "error" ? "failure" : "success",
      },
    ]),
  );
}

/** Open high and medium monitors per service: any of them makes the service unhealthy. */
export async function openIssueCounts(uids: string[]): Promise<Map<string, number>> {
  if (!uids.length) return new Map();
  const monitors = await db.healthMonitor.groupBy({
    by: ["komodorUid"],
    where: { komodorUid: { in: uids }, status: { in: ["open", "confirmed"] }, severity: { in: ["high", "medium"] } },
    _count: true,
  });
  return new Map(monitors.map((m) => [m.komodorUid, m._count]));
}

/** A service's health from its object and its open issues. */
export function serviceHealth(kind: ServiceKind, o: K, openIssues: number): Pick<ServiceSummary, "status" | "reason" | "replicas"> {
  const counts = replicaCounts(kind, o);
  const unavailable = counts.ready < counts.desired && !rollingOut(kind, o);
  const failed = condition(o, "Progressing")?.reason === "ProgressDeadlineExceeded";
  return {
    status: unavailable || failed || openIssues > 0 ? "unhealthy" : "healthy",
    reason: failed
      ? "Rollout exceeded its progress deadline"
      : unavailable
        ? `${counts.ready}/${counts.desired} replicas ready`
        : openIssues > 0
          ? `${openIssues} open health issue${openIssues > 1 ? "s" : ""}`
          : null,
    replicas: { desired: counts.desired, ready: counts.ready },
  };
}

export async function listServices(actor: Actor, filter: { clusterId?: string; namespace?: string; q?: string } = {}): Promise<ServiceSummary[]> {
  const access = await kubeAccessOf(actor);
  const clusters = await db.cluster.findMany({ where: filter.clusterId ? { id: filter.clusterId } : {}, select: { id: true, name: true } });
  const out: ServiceSummary[] = [];
  for (const cluster of clusters) {
    const rows = await db.kubeObject.findMany({
      where: {
        clusterId: cluster.id,
        kind: { in: ["Deployment", "StatefulSet", "DaemonSet"] },
        ...(filter.namespace ? { namespace: filter.namespace } : {}),
        ...(filter.q ? { name: { contains: filter.q, mode: "insensitive" } } : {}),
      },
      orderBy: [{ namespace: "asc" }, { name: "asc" }],
    });
    const visible = rows
      .filter((row) => access.allows(cluster.name, row.namespace, "view") && isServiceKind(row.kind))
      .map((row) => ({ row, uid: komodorUid(row.kind, cluster.name, row.namespace, row.name) }));
    const uids = visible.map((v) => v.uid);
    const [open, deploys] = await Promise.all([openIssueCounts(uids), lastDeploys(uids)]);
    visible.forEach(({ row, uid }) => {
      const o = row.object as K;
      const kind = row.kind as ServiceKind;
      const openIssues = open.get(uid) ?? 0;
      out.push({
        komodorUid: uid,
        kind,
        cluster: cluster.name,
        clusterId: cluster.id,
        namespace: row.namespace,
        name: row.name,
        ...serviceHealth(kind, o, openIssues),
        labels: meta(o).labels ?? {},
        annotations: meta(o).annotations ?? {},
        images: images(o.spec?.template),
        lastDeploy: deploys.get(uid) ?? null,
        openIssues,
      });
    });
  }
  return out;
}

export function podView(pod: K): PodView {
  const statuses: K[] = pod.status?.containerStatuses ?? [];
  return {
    name: meta(pod).name,
    phase: pod.status?.phase ?? "Unknown",
    restarts: statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0),
    node: pod.spec?.nodeName ?? null,
    containers: (pod.spec?.containers ?? []).map((c: K) => {
      const s = statuses.find((x) => x.name === c.name) ?? {};
      return { name: c.name, image: c.image, ready: Boolean(s.ready), restarts: s.restartCount ?? 0, state: Object.keys(s.state ?? {})[0] ?? "unknown" };
    }),
  };
}

/** The pods a service owns right now (through its ReplicaSets for Deployments). */
export async function podsOfService(clusterId: string, kind: string, namespace: string, name: string): Promise<K[]> {
  const [pods, replicaSets] = await Promise.all([
    db.kubeObject.findMany({ where: { clusterId, kind: "Pod", namespace }, select: { object: true } }),
    kind === "Deployment" ? db.kubeObject.findMany({ where: { clusterId, kind: "ReplicaSet", namespace }, select: { object: true } }) : [],
  ]);
  return podsOwnedBy(
    kind,
    name,
    pods.map((p) => p.object as K),
    replicaSets.map((rs) => rs.object as K),
  );
}

/** Of these pods and ReplicaSets (of the service's namespace), the pods the service owns. */
export function podsOwnedBy(kind: string, name: string, pods: K[], replicaSets: K[]): K[] {
  const ownedSets = new Set(replicaSets.filter((rs) => ownerOf(rs, "Deployment")?.name === name).map((rs) => meta(rs).name));
  return pods.filter((pod) => {
    const owner = ownerOf(pod);
    return kind === "Deployment" ? owner?.kind === "ReplicaSet" && ownedSets.has(owner.name) : owner?.kind === kind && owner.name === name;
  });
}

/** The HorizontalPodAutoscaler whose scaleTargetRef is this workload, if any. */
export async function autoscalerOf(clusterId: string, kind: string, namespace: string, name: string): Promise<K | undefined> {
  const rows = await db.kubeObject.findMany({ where: { clusterId, kind: "HorizontalPodAutoscaler", namespace }, select: { object: true } });
  return rows.map((r) => r.object as K).find((h) => h.spec?.scaleTargetRef?.kind === kind && h.spec?.scaleTargetRef?.name === name);
}

export function autoscalerView(h: K): AutoscalerView {
  return {
    name: meta(h).name,
    minReplicas: h.spec?.minReplicas ?? 1,
    maxReplicas: h.spec?.maxReplicas,
    currentReplicas: h.status?.currentReplicas ?? null,
    desiredReplicas: h.status?.desiredReplicas ?? null,
    lastScaleTime: h.status?.lastScaleTime ?? null,
  };
}

export async function listNodes(actor: Actor, clusterId: string): Promise<KubeNodeView[]> {
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { name: true } });
  const access = await kubeAccessOf(actor);
  if (!access.allows(cluster.name, null, "view")) return [];
  const rows = await db.kubeObject.findMany({ where: { clusterId, kind: "Node" }, orderBy: { name: "asc" } });
  const allowed = (["cordon", "drain"] as const).filter((a) => access.allows(cluster.name, null, a));
  return rows.map((r) => {
    const o = r.object as K;
    return {
      name: r.name,
      ready: condition(o, "Ready")?.status === "True",
      schedulable: !o.spec?.unschedulable,
      conditions: (o.status?.conditions ?? []).map((c: K) => ({ type: c.type, status: c.status, reason: c.reason ?? null })),
      allowed,
    };
  });
}

/** A Job's or CronJob's state as the jobs views show it (also the public API's, mapped to Komodor's words). */
export function jobStatus(kind: string, o: K): "suspended" | "scheduled" | "complete" | "failed" | "running" {
  if (kind === "CronJob") return o.spec?.suspend ? "suspended" : "scheduled";
  return condition(o, "Complete")?.status === "True" ? "complete" : condition(o, "Failed")?.status === "True" ? "failed" : "running";
}

export async function listJobs(actor: Actor, clusterId: string): Promise<KubeJobView[]> {
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { name: true } });
  const access = await kubeAccessOf(actor);
  const rows = await db.kubeObject.findMany({ where: { clusterId, kind: { in: ["Job", "CronJob"] } }, orderBy: [{ namespace: "asc" }, { name: "asc" }] });
  return rows
    .filter((r) => access.allows(cluster.name, r.namespace, "view"))
    .map((r) => {
      const o = r.object as K;
      const status = jobStatus(r.kind, o);
      const action = r.kind === "CronJob" ? "run:cronjob" : "rerun:job";
      return {
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        status,
        schedule: o.spec?.schedule ?? null,
        owner: ownerOf(o, "CronJob")?.name ?? null,
        startTime: o.status?.startTime ?? null,
        completionTime: o.status?.completionTime ?? null,
        canRun: access.allows(cluster.name, r.namespace, action),
      };
    });
}
