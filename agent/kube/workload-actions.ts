// scale, restart and rollback of Deployments, StatefulSets and DaemonSets, done the way
// kubectl does them so that the cluster (and anyone reading it with kubectl) sees the same
// result: scale subresource, the restartedAt template annotation, and `rollout undo`.
import { isDeepStrictEqual } from "node:util";
import type { KubeCommandPayload } from "../../lib/protocol/kube";
import type { LogFn } from "../docker/progress";
import { ref, type Cluster } from "./cluster";
import { isStatus } from "./rest";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw API JSON
type Workload = Extract<KubeCommandPayload, { kind: "k8s.restart" }>["target"];

const MERGE = "application/merge-patch+json";
const STRATEGIC = "application/strategic-merge-patch+json";
const JSON_PATCH = "application/json-patch+json";
const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
const REVISION = "deployment.kubernetes.io/revision";

const pathOf = (c: Cluster, t: Workload, sub = "") => c.discovery.path("apps/v1", t.kind, t.namespace, t.name).then((p) => p + sub);

export async function scale(c: Cluster, target: Extract<KubeCommandPayload, { kind: "k8s.scale" }>["target"], replicas: number, log: LogFn) {
  const path = await pathOf(c, target, "/scale");
  const before = await c.client.request<Json>("GET", path);
  await c.client.request("PATCH", path, { body: { spec: { replicas } }, contentType: MERGE });
  log("scale", "stdout", `${target.kind} ${ref(target.namespace, target.name)}: replicas ${before.spec?.replicas ?? 0} → ${replicas}`);
  return { previousReplicas: before.spec?.replicas ?? 0, replicas };
}

/** Deployments refuse: a paused rollout would not roll, so the restart would silently do nothing. */
function refusePaused(target: Workload, object: Json, what: string) {
  if (target.kind === "Deployment" && object.spec?.paused) {
    throw new Error(
      `Deployment ${ref(target.namespace, target.name)} is paused, so a ${what} would not roll out: resume it first (kubectl rollout resume deployment/${target.name} -n ${target.namespace})`,
    );
  }
}

export async function restart(c: Cluster, target: Workload, log: LogFn) {
  const path = await pathOf(c, target);
  refusePaused(target, await c.client.request<Json>("GET", path), "restart");
  const restartedAt = new Date().toISOString();
  const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: restartedAt } } } } };
  const after = await c.client.request<Json>("PATCH", path, { body: patch, contentType: STRATEGIC });
  log(
    "restart",
    "stdout",
    `${target.kind} ${ref(target.namespace, target.name)}: pod template annotated ${RESTARTED_AT}=${restartedAt} (generation ${after.metadata?.generation})`,
  );
  return { restartedAt };
}

const owned = (o: Json, uid: string) => (o.metadata?.ownerReferences ?? []).some((r: Json) => r.uid === uid && r.controller);

/** `kubectl rollout undo` for a Deployment: the template of the ReplicaSet one revision back. */
async function rollbackDeployment(c: Cluster, target: Workload, deployment: Json, log: LogFn) {
  const current = Number(deployment.metadata?.annotations?.[REVISION] ?? 0);
  const rsPath = await c.discovery.path("apps/v1", "ReplicaSet", target.namespace);
  const { items } = await c.client.request<{ items: Json[] }>("GET", rsPath);
  const history = items
    .filter((rs) => owned(rs, deployment.metadata.uid))
    .map((rs) => ({ rs, revision: Number(rs.metadata?.annotations?.[REVISION] ?? 0) }))
    .filter((h) => h.revision > 0 && h.revision < current)
    .sort((a, b) => b.revision - a.revision);
  const previous = history[0];
  if (!previous)
    throw new Error(
      `Deployment ${ref(target.namespace, target.name)} has no revision before ${current} to roll back to (its older ReplicaSets are gone or it was never updated)`,
    );
  const template = structuredClone(previous.rs.spec.template);
  // The hash label belongs to that ReplicaSet; the Deployment controller adds a fresh one.
  if (template.metadata?.labels) delete template.metadata.labels["pod-template-hash"];
  // Like `kubectl rollout undo`, a JSON patch of the template, so the status and annotation
  // writes the Deployment controller keeps making during a rollout can't make it fail. Its
  // `test` of the template we read still refuses it if someone changed that meanwhile.
  const path = await pathOf(c, target);
  const patch = [
    { op: "test", path: "/spec/template", value: deployment.spec.template },
    { op: "replace", path: "/spec/template", value: template },
  ];
  try {
    await c.client.request("PATCH", path, { body: patch, contentType: JSON_PATCH });
  } catch (e) {
    // A failed `test` is a bare 422 with no detail: look whether that is what happened.
    const now = isStatus(e, 422) && (await c.client.request<Json>("GET", path));
    if (now && !isDeepStrictEqual(now.spec?.template, deployment.spec.template)) {
      throw new Error(
        `Deployment ${ref(target.namespace, target.name)} had its pod template changed by someone else while rolling back; nothing was changed — look at its latest revision and roll back again if you still want to`,
      );
    }
    throw e;
  }
  log(
    "rollback",
    "stdout",
    `Deployment ${ref(target.namespace, target.name)}: pod template of revision ${previous.revision} (ReplicaSet ${previous.rs.metadata.name}) restored; it becomes revision ${current + 1}`,
  );
  return { fromRevision: current, toRevision: previous.revision };
}

/** StatefulSet/DaemonSet: ControllerRevision `data` is a strategic merge patch that restores that template. */
async function rollbackFromControllerRevision(c: Cluster, target: Workload, object: Json, log: LogFn) {
  const crPath = await c.discovery.path("apps/v1", "ControllerRevision", target.namespace);
  const { items } = await c.client.request<{ items: Json[] }>("GET", crPath);
  const history = items.filter((cr) => owned(cr, object.metadata.uid)).sort((a, b) => Number(b.revision) - Number(a.revision));
  const [latest, previous] = history;
  if (!latest || !previous) throw new Error(`${target.kind} ${ref(target.namespace, target.name)} has no earlier revision to roll back to`);
  await c.client.request("PATCH", await pathOf(c, target), { body: previous.data, contentType: STRATEGIC });
  log(
    "rollback",
    "stdout",
    `${target.kind} ${ref(target.namespace, target.name)}: template of revision ${previous.revision} (${previous.metadata.name}) restored over revision ${latest.revision}`,
  );
  return { fromRevision: Number(latest.revision), toRevision: Number(previous.revision) };
}

export async function rollback(c: Cluster, target: Workload, log: LogFn) {
  const object = await c.client.request<Json>("GET", await pathOf(c, target));
  refusePaused(target, object, "rollback");
  return target.kind === "Deployment" ? rollbackDeployment(c, target, object, log) : rollbackFromControllerRevision(c, target, object, log);
}
