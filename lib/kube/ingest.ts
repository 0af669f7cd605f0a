// What core does with the objects a cluster agent forwards: keep the latest copy, write the
// timeline events each change implies, and re-evaluate the health of what it touched.
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { logger } from "../logger";
import { kubeChangesIngested } from "../ops/metrics";
import type { KubeObject, WatchedKind } from "../protocol/kube";
import { publish } from "../realtime/bus";
import { autoscalerOf, podsOfService } from "./catalog";
import { deriveEvents, type DerivedEvent } from "./derive";
import { checkJob, checkNode, checkService, SERVICE_CHECK_TYPES, type Finding } from "./health-checks";
import { reconcileMonitors } from "./health";
import { isServiceKind, komodorUid, meta, ownerOf, type K, type ServiceKind } from "./objects";
import { takeScale } from "./pending-scales";

export async function clustersOfAgent(agentId: string) {
  return db.cluster.findMany({ where: { agentId }, select: { id: true, name: true } });
}

/**
 * At most one `kube.changed` per cluster per second (a rollout is a burst of watch
 * events), always followed by one at the end of a burst so browsers see the final state.
 */
const pendingChange = new Set<string>();
function clusterChanged(clusterId: string) {
  if (pendingChange.has(clusterId)) return;
  pendingChange.add(clusterId);
  setTimeout(() => {
    pendingChange.delete(clusterId);
    publish({ type: "kube.changed", clusterId });
  }, 1000).unref();
}

async function stored(clusterId: string, kind: string, namespace: string, name: string): Promise<K | undefined> {
  const row = await db.kubeObject.findUnique({ where: { clusterId_kind_namespace_name: { clusterId, kind, namespace, name } }, select: { object: true } });
  return (row?.object as K) ?? undefined;
}

function key(o: KubeObject) {
  return { namespace: o.metadata.namespace ?? "", name: o.metadata.name };
}

/** The service (or job / node) a change belongs to, as KIND + namespace + name. */
async function owningService(clusterId: string, kind: WatchedKind, o: K): Promise<{ kind: string; namespace: string; name: string } | null> {
  const ns = meta(o).namespace ?? "";
  if (isServiceKind(kind) || kind === "Job" || kind === "CronJob") return { kind, namespace: ns, name: meta(o).name };
  if (kind === "Node") return { kind: "Node", namespace: "", name: meta(o).name };
  if (kind === "Pod") {
    const owner = ownerOf(o);
    if (!owner) return null;
    if (owner.kind === "ReplicaSet") {
      const rs = await stored(clusterId, "ReplicaSet", ns, owner.name);
      const dep = rs && ownerOf(rs, "Deployment");
      return dep ? { kind: "Deployment", namespace: ns, name: dep.name } : null;
    }
    return owner.kind === "StatefulSet" || owner.kind === "DaemonSet" || owner.kind === "Job" ? { kind: owner.kind, namespace: ns, name: owner.name } : null;
  }
  if (kind === "Event") {
    const obj = o.involvedObject ?? {};
    const target = await stored(clusterId, obj.kind, obj.namespace ?? "", obj.name);
    return target && obj.kind !== "Event" ? owningService(clusterId, obj.kind, target) : null;
  }
  return null;
}

/** Workloads in the namespace that mount or reference a ConfigMap/Secret by name. */
async function referencingServices(clusterId: string, kind: "ConfigMap" | "Secret", namespace: string, name: string) {
  const rows = await db.kubeObject.findMany({
    where: { clusterId, namespace, kind: { in: ["Deployment", "StatefulSet", "DaemonSet"] } },
    select: { kind: true, name: true, object: true },
  });
  const refKey = kind === "ConfigMap" ? "configMap" : "secret";
  // envFrom (…Ref), single keys (…KeyRef) and volumes (configMap / secret.secretName) all name it.
  const direct = [`"${refKey}Ref":{"name":"${name}"`, `"${refKey}":{"name":"${name}"`, `"secretName":"${name}"`];
  const keyRef = new RegExp(`"${refKey}KeyRef":\\{[^}]*"name":"${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`);
  return rows.filter((r) => {
    const text = JSON.stringify((r.object as K).spec?.template?.spec ?? {});
    return direct.some((d) => text.includes(d)) || keyRef.test(text);
  });
}

export async function evaluateHealth(cluster: { id: string; name: string }, target: { kind: string; namespace: string; name: string }) {
  const uid = komodorUid(target.kind, cluster.name, target.namespace, target.name);
  const service = isServiceKind(target.kind);
  // The target, its pods and (in reconcileMonitors) its monitors are read at once: one wait, not three.
  const findings = Promise.all([
    stored(cluster.id, target.kind, target.namespace, target.name),
    service ? podsOfService(cluster.id, target.kind, target.namespace, target.name) : [],
  ]).then(([object, pods]): Finding[] => {
    if (!object) return [];
    if (service) return checkService(target.kind as ServiceKind, object, pods);
    if (target.kind === "Node") return checkNode(object);
    if (target.kind === "Job") return checkJob(object, ownerOf(object, "CronJob") ? "CronJob" : "Job");
    return [];
  });
  const note = (summary: string, severity: "info" | "warning" | "error", details: object) =>
    db.timelineEvent
      .create({
        data: {
          clusterId: cluster.id,
          komodorUid: uid,
          namespace: target.namespace,
          objectKind: target.kind,
          objectName: target.name,
          type: "monitor",
          severity,
          summary,
          details: details as Prisma.InputJsonValue,
        },
      })
      .then(() => {});
  const checks = service ? SERVICE_CHECK_TYPES : target.kind === "Node" ? ["unhealthyNode"] : target.kind === "Job" ? ["failedJob", "failedCronJob"] : null;
  if (checks) await reconcileMonitors(cluster.id, uid, checks, findings, note);
  else await findings;
}

/** How far before a container's exit its crash event may have been stamped (core's clock may trail the node's). */
const CLOCK_SKEW_MS = 3600_000;

/**
 * Whether this crash was already written: it is seen first as the container's terminated state
 * and again when the kubelet restarts the container (or again after a re-list), and each
 * crash is one event. Only events after the crash ended are searched, which keeps this on the
 * (clusterId, at) index however long the timeline is.
 */
async function crashRecorded(clusterId: string, namespace: string, event: DerivedEvent): Promise<boolean> {
  const termination = event.details?.termination;
  if (event.type !== "restart" || typeof termination !== "string") return false;
  const finished = Date.parse(String(event.details?.finishedAt));
  const since = new Date((Number.isNaN(finished) ? Date.now() : finished) - CLOCK_SKEW_MS);
  const found = await db.timelineEvent.findFirst({
    where: { clusterId, namespace, type: "restart", at: { gte: since }, details: { path: ["termination"], equals: termination } },
    select: { id: true },
  });
  return Boolean(found);
}

export async function ingestChange(agentId: string, kind: WatchedKind, action: "ADDED" | "MODIFIED" | "DELETED", object: KubeObject) {
  for (const cluster of await clustersOfAgent(agentId)) {
    const { namespace, name } = key(object);
    const next = action === "DELETED" ? undefined : (object as K);
    // A change's owner follows from the object itself (its ReplicaSet, say, never from its own
    // stored copy), so it is looked up while that copy is read; a deletion's from the copy.
    const [prev, ownerOfNext] = await Promise.all([stored(cluster.id, kind, namespace, name), next ? owningService(cluster.id, kind, next) : null]);
    if (action === "DELETED") {
      await db.kubeObject.deleteMany({ where: { clusterId: cluster.id, kind, namespace, name } });
    } else {
      const data = { uid: object.metadata.uid, object: object as Prisma.InputJsonValue };
      await db.kubeObject.upsert({
        where: { clusterId_kind_namespace_name: { clusterId: cluster.id, kind, namespace, name } },
        create: { clusterId: cluster.id, kind, namespace, name, ...data },
        update: data,
      });
    }
    const owner = next ? ownerOfNext : await owningService(cluster.id, kind, prev ?? {});
    const targets =
      kind === "ConfigMap" || kind === "Secret"
        ? (await referencingServices(cluster.id, kind, namespace, name)).map((r) => ({ kind: r.kind, namespace, name: r.name }))
        : owner
          ? [owner]
          : [];
    const rescaled = isServiceKind(kind) && prev && next && prev.spec?.replicas !== next.spec?.replicas;
    const ctx = rescaled
      ? {
          autoscaler: await autoscalerOf(cluster.id, kind, namespace, name),
          scaledBy: await takeScale(komodorUid(kind, cluster.name, namespace, name), next.spec.replicas),
        }
      : {};
    for (const event of deriveEvents(kind, prev, next, ctx)) {
      if (await crashRecorded(cluster.id, namespace, event)) continue;
      for (const t of targets.length ? targets : [null]) {
        await db.timelineEvent.create({
          data: {
            clusterId: cluster.id,
            komodorUid: t && t.kind !== "Node" ? komodorUid(t.kind, cluster.name, t.namespace, t.name) : null,
            namespace: t?.namespace ?? namespace,
            objectKind: t?.kind ?? kind,
            objectName: t?.name ?? name,
            type: event.type,
            severity: event.severity,
            summary: event.summary,
            details: (event.details ?? {}) as Prisma.InputJsonValue,
          },
        });
      }
    }
    if (owner && kind !== "Event") await evaluateHealth(cluster, owner);
    clusterChanged(cluster.id);
    kubeChangesIngested.inc(kind);
  }
}

/** A full (re)list: the stored copies of that kind become exactly the listed objects. */
export async function ingestList(agentId: string, kind: WatchedKind, objects: KubeObject[]) {
  for (const cluster of await clustersOfAgent(agentId)) {
    const keep = new Set(objects.map((o) => `${key(o).namespace}/${key(o).name}`));
    const existing = await db.kubeObject.findMany({ where: { clusterId: cluster.id, kind }, select: { id: true, namespace: true, name: true } });
    const gone = existing.filter((e) => !keep.has(`${e.namespace}/${e.name}`)).map((e) => e.id);
    if (gone.length) await db.kubeObject.deleteMany({ where: { id: { in: gone } } });
    for (const o of objects) {
      const { namespace, name } = key(o);
      const data = { uid: o.metadata.uid, object: o as Prisma.InputJsonValue };
      await db.kubeObject.upsert({
        where: { clusterId_kind_namespace_name: { clusterId: cluster.id, kind, namespace, name } },
        create: { clusterId: cluster.id, kind, namespace, name, ...data },
        update: data,
      });
    }
    if (isServiceKind(kind) || kind === "Node" || kind === "Job") {
      for (const o of objects) await evaluateHealth(cluster, { kind, namespace: key(o).namespace, name: key(o).name });
    }
    clusterChanged(cluster.id);
  }
}

/**
 * Pages of a list still coming in, per agent connection and kind (a few MB at most: what one
 * kind lists). Keyed by the connection, so pages of a connection that was replaced while its
 * messages were still being handled never mix with the new connection's list.
 */
const partialLists = new WeakMap<object, Map<WatchedKind, { next: number; objects: KubeObject[] }>>();

/**
 * One `k8s.list` page. Pages are kept until the last (`more: false`) arrives, and only then does
 * the stored set of that kind become the listed objects, so a list cut short (the agent
 * disconnected, or re-listed after a 410) never removes objects it had not reached yet. Page 0
 * starts a list afresh; a page out of sequence drops the list (the agent lists again on its
 * next connection).
 */
export async function ingestListPage(connection: { agentId: string }, kind: WatchedKind, objects: KubeObject[], page: number, more: boolean) {
  let lists = partialLists.get(connection);
  if (!lists) partialLists.set(connection, (lists = new Map()));
  const partial = page === 0 ? { next: 0, objects: [] } : lists.get(kind);
  if (!partial || partial.next !== page) {
    lists.delete(kind);
    logger.warn(`agent ${connection.agentId}: ${kind} list page ${page} arrived out of sequence; that list is dropped`);
    return;
  }
  partial.objects.push(...objects);
  partial.next = page + 1;
  if (more) return void lists.set(kind, partial);
  lists.delete(kind);
  await ingestList(connection.agentId, kind, partial.objects);
}
