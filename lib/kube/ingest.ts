// What core does with the objects a cluster agent forwards: keep the latest copy, write the
// timeline events each change implies, and re-evaluate the health of what it touched.
import { db } from "../db";
import { logger } from "../logger";
import { kubeChangesIngested } from "../ops/metrics";
import type { KubeObject, WatchedKind } from "../protocol/kube";
import { publish } from "../realtime/bus";
import { deriveEvents, type DeriveContext } from "./derive";
import { evaluateHealth } from "./health";
import { isServiceKind, komodorUid, type K } from "./objects";
import { takeScales } from "./pending-scales";
import { objectKey, owningService, readInNamespaces, StoredView, writeObjects, type ObjectKey, type PendingWrite } from "./stored";
import { insertTimelineRows, withoutRecordedCrashes, type TimelineRow } from "./timeline-write";

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

export interface KubeChange {
  kind: WatchedKind;
  action: "ADDED" | "MODIFIED" | "DELETED";
  object: KubeObject;
}

/** One change; the hub hands over batches (`ingestChanges`). */
export async function ingestChange(agentId: string, kind: WatchedKind, action: KubeChange["action"], object: KubeObject) {
  await ingestChanges(agentId, [{ kind, action, object }]);
}

/**
 * Changes in the order the agent's watch reported them. The batch's result is what applying
 * them one by one would leave (each change's previous version is the one before it, in the batch
 * or stored), written with a fixed number of statements however long the batch is.
 */
export async function ingestChanges(agentId: string, changes: KubeChange[]) {
  if (!changes.length) return;
  for (const cluster of await clustersOfAgent(agentId)) {
    await ingestInto(cluster, changes);
    clusterChanged(cluster.id);
  }
  for (const c of changes) kubeChangesIngested.inc(c.kind);
}

async function ingestInto(cluster: { id: string; name: string }, changes: KubeChange[]) {
  const view = new StoredView(cluster.id);
  await view.loadWithOwners(changes.map((c) => [c.kind, c.object as K]));
  // Previous versions of deletions are known only now; their owners are looked up from them.
  await view.loadWithOwners(
    changes.flatMap((c) => {
      const prev = c.action === "DELETED" && view.get(objectKey(c.kind, c.object as K));
      return prev ? [[c.kind, prev] as [string, K]] : [];
    }),
  );

  // Applied in order against the view: what each change replaced, and whose it is.
  const finals = new Map<string, PendingWrite>();
  const steps = changes.map(({ kind, action, object }) => {
    const key = objectKey(kind, object);
    const prev = view.get(key);
    const next = action === "DELETED" ? undefined : (object as K);
    const owner = next ? owningService(view, kind, next) : null;
    view.set(key, next ?? null);
    finals.set(`${kind}/${key.namespace}/${key.name}`, { key, object: next ?? null });
    return { kind, key, prev, next, owner: next ? owner : owningService(view, kind, prev ?? {}) };
  });

  // Independent, so at once: storing the objects, the health checks (which read what is stored
  // with this batch's writes applied), and working out and writing the events.
  const pending = [...finals.values()];
  const touched = uniqueKeys(steps.flatMap((s) => (s.owner && s.kind !== "Event" ? [s.owner] : [])));
  const [, notes] = await Promise.all([writeObjects(cluster.id, pending), evaluateHealth(cluster, touched, pending), writeEvents(cluster, steps)]);
  // A monitor's note follows the events that opened or resolved it.
  await insertTimelineRows(cluster.id, notes);
}

async function writeEvents(cluster: { id: string; name: string }, steps: (Step & { owner: ObjectKey | null })[]) {
  const [context, referencing] = await Promise.all([
    replicaContext(cluster, steps),
    referencingServices(
      cluster.id,
      steps.filter((s) => s.kind === "ConfigMap" || s.kind === "Secret"),
    ),
  ]);
  const derived = steps.flatMap((s, i) => {
    const targets = s.kind === "ConfigMap" || s.kind === "Secret" ? (referencing.get(s) ?? []) : s.owner ? [s.owner] : [];
    return deriveEvents(s.kind, s.prev, s.next, context.get(i) ?? {}).map((event) => ({ step: s, targets, namespace: s.key.namespace, event }));
  });
  const rows = (await withoutRecordedCrashes(cluster.id, derived)).flatMap(({ step, targets, event }) =>
    (targets.length ? targets : [null]).map((t): TimelineRow => ({
      komodorUid: t && t.kind !== "Node" ? komodorUid(t.kind, cluster.name, t.namespace, t.name) : null,
      namespace: t?.namespace ?? step.key.namespace,
      objectKind: t?.kind ?? step.kind,
      objectName: t?.name ?? step.key.name,
      type: event.type,
      severity: event.severity,
      summary: event.summary,
      details: event.details ?? {},
    })),
  );
  await insertTimelineRows(cluster.id, rows);
}

function uniqueKeys(keys: ObjectKey[]): ObjectKey[] {
  return [...new Map(keys.map((k) => [`${k.kind}/${k.namespace}/${k.name}`, k])).values()];
}

type Step = { kind: WatchedKind; key: ObjectKey; prev: K | undefined; next: K | undefined };

/**
 * For the steps that changed a workload's replica count, who did it: the autoscaler targeting it,
 * or the person whose scale Wheelhouse sent. Two statements for the batch, by step index.
 */
async function replicaContext(cluster: { id: string; name: string }, steps: Step[]): Promise<Map<number, DeriveContext>> {
  const rescaled = steps.flatMap((s, i) => (isServiceKind(s.kind) && s.prev && s.next && s.prev.spec?.replicas !== s.next.spec?.replicas ? [{ s, i }] : []));
  if (!rescaled.length) return new Map();
  const uid = (s: Step) => komodorUid(s.kind, cluster.name, s.key.namespace, s.key.name);
  const [autoscalers, scaledBy] = await Promise.all([
    readInNamespaces(
      cluster.id,
      ["HorizontalPodAutoscaler"],
      rescaled.map(({ s }) => s.key.namespace),
    ),
    takeScales(rescaled.map(({ s }) => ({ komodorUid: uid(s), replicas: s.next!.spec.replicas }))),
  ]);
  return new Map(
    rescaled.map(({ s, i }) => [
      i,
      {
        autoscaler: autoscalers.find(
          (h) => h.namespace === s.key.namespace && h.object.spec?.scaleTargetRef?.kind === s.kind && h.object.spec?.scaleTargetRef?.name === s.key.name,
        )?.object,
        scaledBy: scaledBy.get(`${uid(s)}|${s.next!.spec.replicas}`) ?? null,
      },
    ]),
  );
}

/**
 * For each ConfigMap and Secret change: the workloads of its namespace that mount or reference it
 * by name. One statement for the batch.
 */
async function referencingServices(clusterId: string, steps: Step[]): Promise<Map<Step, ObjectKey[]>> {
  const out = new Map<Step, ObjectKey[]>();
  if (!steps.length) return out;
  const workloads = await readInNamespaces(
    clusterId,
    ["Deployment", "StatefulSet", "DaemonSet"],
    steps.map((s) => s.key.namespace),
  );
  for (const s of steps) {
    const refKey = s.kind === "ConfigMap" ? "configMap" : "secret";
    const name = s.key.name;
    // envFrom (…Ref), single keys (…KeyRef) and volumes (configMap / secret.secretName) all name it.
    const direct = [`"${refKey}Ref":{"name":"${name}"`, `"${refKey}":{"name":"${name}"`, `"secretName":"${name}"`];
    const keyRef = new RegExp(`"${refKey}KeyRef":\\{[^}]*"name":"${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`);
    out.set(
      s,
      workloads
        .filter((w) => w.namespace === s.key.namespace)
        .filter((w) => {
          const text = JSON.stringify(w.object.spec?.template?.spec ?? {});
          return direct.some((d) => text.includes(d)) || keyRef.test(text);
        })
        .map((w) => ({ kind: w.kind, namespace: w.namespace, name: w.name })),
    );
  }
  return out;
}

/** A full (re)list: the stored copies of that kind become exactly the listed objects. */
export async function ingestList(agentId: string, kind: WatchedKind, objects: KubeObject[]) {
  for (const cluster of await clustersOfAgent(agentId)) {
    const keep = new Set(objects.map((o) => `${objectKey(kind, o as K).namespace}/${objectKey(kind, o as K).name}`));
    const existing = await db.kubeObject.findMany({ where: { clusterId: cluster.id, kind }, select: { namespace: true, name: true } });
    const gone = existing.filter((e) => !keep.has(`${e.namespace}/${e.name}`)).map((e) => ({ key: { kind, ...e }, object: null }));
    const listed = objects.map((o) => ({ key: objectKey(kind, o as K), object: o as K }));
    await writeObjects(cluster.id, [...gone, ...listed]);
    if (isServiceKind(kind) || kind === "Node" || kind === "Job") {
      // In slices: a health check reads each service's pods, and a cluster may have thousands.
      const keys = listed.map((l) => l.key);
      for (let i = 0; i < keys.length; i += LIST_SLICE) await insertTimelineRows(cluster.id, await evaluateHealth(cluster, keys.slice(i, i + LIST_SLICE)));
    }
    clusterChanged(cluster.id);
  }
}

const LIST_SLICE = 500;

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
