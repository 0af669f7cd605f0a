// Changes stored as one batch (what the agent's kube lane does under load) leave what storing
// them one at a time leaves: the same stored objects, the same timeline in the same order, the
// same health monitors. (Health is judged once, on the batch's end state, so a monitor's note
// comes after the batch's events rather than between them.) Owners created earlier in the batch, a pod changed several
// times, a crash seen twice, a deletion and a ConfigMap a workload uses are all in the one batch.
import { beforeEach, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestChange, ingestChanges, ingestList, type KubeChange } from "@/lib/kube/ingest";
import { createResource } from "@/lib/resources/write";
import { makeUser, resetDb } from "../helpers/db";
import { asKube, deployment, pod, replicaSet, withStatus } from "../helpers/kube-objects";

const termination = { reason: "Error", exitCode: 1, message: "boom", finishedAt: new Date(Date.now() - 5000).toISOString(), containerID: "docker://crash-1" };
const web = pod("team-a", "web-2-a", "web-2", 0);

/** A rollout to web:2 in one burst: its ReplicaSet, pods that start, crash and crash-loop, a scale, a config edit. */
const burst: KubeChange[] = [
  {
    kind: "Deployment",
    action: "MODIFIED",
    object: asKube(deployment("team-a", "web", "web:2", 2, { volumes: [{ name: "c", configMap: { name: "web-config" } }] })),
  },
  { kind: "ReplicaSet", action: "ADDED", object: asKube(replicaSet("team-a", "web-2", "web")) },
  { kind: "Pod", action: "ADDED", object: asKube({ ...web, status: { phase: "Pending" } }) },
  { kind: "Pod", action: "MODIFIED", object: asKube(web) },
  { kind: "Pod", action: "MODIFIED", object: asKube(withStatus(web, { restartCount: 0, state: { terminated: termination }, lastState: {} })) },
  { kind: "Pod", action: "MODIFIED", object: asKube(withStatus(web, { restartCount: 1, state: { running: {} }, lastState: { terminated: termination } })) },
  { kind: "Pod", action: "MODIFIED", object: asKube(pod("team-a", "web-2-a", "web-2", 4, "CrashLoopBackOff")) },
  { kind: "Pod", action: "DELETED", object: asKube(pod("team-a", "web-1-a", "web-1", 0)) },
  {
    kind: "ConfigMap",
    action: "MODIFIED",
    object: asKube({ kind: "ConfigMap", metadata: { name: "web-config", namespace: "team-a", uid: "cm-1" }, data: { a: "2" } }),
  },
  {
    kind: "Deployment",
    action: "MODIFIED",
    object: asKube(deployment("team-a", "web", "web:2", 3, { volumes: [{ name: "c", configMap: { name: "web-config" } }] })),
  },
];

async function clusterWithAgent(name: string) {
  const admin = await makeUser({ admin: true });
  const clusterId = (await createResource(admin.actor, "cluster", { name })).id;
  const agentId = (await db.agent.create({ data: { name: `${name}-agent`, mode: "kubernetes", clusters: { connect: { id: clusterId } } } })).id;
  await ingestList(agentId, "Deployment", [deployment("team-a", "web", "web:1", 2, { volumes: [{ name: "c", configMap: { name: "web-config" } }] })]);
  await ingestList(agentId, "ReplicaSet", [replicaSet("team-a", "web-1", "web")]);
  await ingestList(agentId, "Pod", [pod("team-a", "web-1-a", "web-1", 0)]);
  await ingestList(agentId, "ConfigMap", [{ kind: "ConfigMap", metadata: { name: "web-config", namespace: "team-a", uid: "cm-1" }, data: { a: "1" } }]);
  return { clusterId, agentId };
}

/** What a cluster ended up holding, without the ids and times that differ between two runs. */
async function outcome(clusterId: string) {
  const [objects, events, monitors] = await Promise.all([
    db.kubeObject.findMany({
      where: { clusterId },
      orderBy: [{ kind: "asc" }, { namespace: "asc" }, { name: "asc" }],
      select: { kind: true, namespace: true, name: true, object: true },
    }),
    db.timelineEvent.findMany({
      where: { clusterId },
      orderBy: { at: "asc" },
      select: { komodorUid: true, objectKind: true, objectName: true, type: true, severity: true, summary: true },
    }),
    db.healthMonitor.findMany({ where: { clusterId }, orderBy: { checkType: "asc" }, select: { checkType: true, status: true, severity: true } }),
  ]);
  const local = (uid: string | null) =>
    uid
      ?.split("|")
      .filter((_, i) => i !== 1)
      .join("|") ?? null; // without the cluster's name
  const timeline = events.map((e) => ({ ...e, komodorUid: local(e.komodorUid) }));
  return {
    objects,
    events: timeline.filter((e) => e.type !== "monitor"),
    notes: timeline.filter((e) => e.type === "monitor").sort((a, b) => a.summary.localeCompare(b.summary)),
    monitors,
  };
}

beforeEach(async () => {
  await resetDb();
});

it("stores a burst of changes as one batch exactly as it stores them one at a time", async () => {
  const one = await clusterWithAgent("one-by-one");
  const batched = await clusterWithAgent("batched");
  for (const c of burst) await ingestChange(one.agentId, c.kind, c.action, c.object);
  await ingestChanges(batched.agentId, burst);

  const expected = await outcome(one.clusterId);
  // The scenario does what it says, so the comparison below compares something.
  expect(expected.events.map((e) => e.type)).toEqual(expect.arrayContaining(["deploy", "pod-phase", "restart", "crash-loop", "config-change", "replicas"]));
  expect(expected.events.find((e) => e.type === "config-change")).toMatchObject({ objectKind: "Deployment", objectName: "web" });
  expect(expected.notes.map((n) => n.summary)).toContain("Health monitor opened: restartingContainers");
  // The first crash, seen terminated and then restarted, is one event; the crash loop's is another.
  expect(expected.events.filter((e) => e.type === "restart")).toHaveLength(2);
  expect(expected.objects.map((o) => `${o.kind}/${o.name}`)).not.toContain("Pod/web-1-a");
  expect(await outcome(batched.clusterId)).toEqual(expected);
});

it("writes nothing for an empty batch and credits each crash once across batches", async () => {
  const { clusterId, agentId } = await clusterWithAgent("c");
  await ingestChanges(agentId, []);
  expect(await db.timelineEvent.count({ where: { clusterId } })).toBe(0);
  await ingestChanges(agentId, burst.slice(0, 5));
  // The same crash again in a later batch (a re-list, or the kubelet's restart of it).
  await ingestChanges(agentId, burst.slice(4, 6));
  expect(await db.timelineEvent.count({ where: { clusterId, type: "restart" } })).toBe(1);
});
