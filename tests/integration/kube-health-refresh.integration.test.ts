// Re-evaluating a service's health refreshes every monitor it still finds, in place: the
// refresh is one batched statement (lib/kube/health.ts), so this checks that each monitor gets
// its own finding's data and severity, the evaluation time, and keeps the status a user gave it.
import { beforeEach, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestChange, ingestList } from "@/lib/kube/ingest";
import { createResource } from "@/lib/resources/write";
import { makeUser, resetDb } from "../helpers/db";

const uid = "Deployment|prod|team-a|web";
let agentId: string;

// No probes, requests or limits and one replica: several static checks find it, every time.
const deployment = {
  kind: "Deployment",
  metadata: { name: "web", namespace: "team-a", uid: "uid-web", generation: 1, resourceVersion: "1" },
  spec: { replicas: 1, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "web:1" }] } } },
  status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
};
const pod = (restarts: number) => ({
  kind: "Pod",
  metadata: {
    name: "web-1-a",
    namespace: "team-a",
    uid: "pod-web-1-a",
    creationTimestamp: new Date().toISOString(),
    ownerReferences: [{ kind: "ReplicaSet", name: "web-1", uid: "y" }],
  },
  spec: { nodeName: "node-1", containers: [{ name: "app", image: "web:1" }] },
  status: {
    phase: "Running",
    containerStatuses: [
      {
        name: "app",
        ready: true,
        restartCount: restarts,
        state: { running: {} },
        lastState: restarts ? { terminated: { reason: "Error", exitCode: 1, message: "boom", containerID: `docker://web-${restarts}` } } : {},
      },
    ],
  },
});

beforeEach(async () => {
  await resetDb();
  const admin = await makeUser({ admin: true });
  const cluster = await createResource(admin.actor, "cluster", { name: "prod" });
  agentId = (await db.agent.create({ data: { name: "cluster-agent", mode: "kubernetes", clusters: { connect: { id: cluster.id } } } })).id;
  await ingestList(agentId, "Deployment", [deployment]);
  await ingestList(agentId, "ReplicaSet", [
    { kind: "ReplicaSet", metadata: { name: "web-1", namespace: "team-a", uid: "rs-1", ownerReferences: [{ kind: "Deployment", name: "web", uid: "x" }] } },
  ]);
});

it("refreshes each monitor still found with its own data, severity and evaluation time, keeping a user's status", async () => {
  await ingestChange(agentId, "Pod", "ADDED", pod(0));
  await ingestChange(agentId, "Pod", "MODIFIED", pod(3));
  const opened = await db.healthMonitor.findMany({ where: { komodorUid: uid }, orderBy: { checkType: "asc" } });
  expect(opened.map((m) => m.checkType)).toEqual(expect.arrayContaining(["restartingContainers", "livenessProbeMissing", "singleReplica"]));
  expect(opened.length).toBeGreaterThanOrEqual(4);

  // Stale copies, so a refresh shows: an old evaluation time, wrong data and severity, and one a user dismissed.
  const long = new Date("2026-01-01T00:00:00Z");
  await db.healthMonitor.updateMany({ where: { komodorUid: uid }, data: { lastEvaluatedAt: long, supportingData: { stale: true }, severity: "low" } });
  const dismissed = opened.find((m) => m.checkType === "livenessProbeMissing")!;
  await db.healthMonitor.update({ where: { id: dismissed.id }, data: { status: "dismissed" } });

  const before = Date.now();
  await ingestChange(agentId, "Pod", "MODIFIED", pod(5));
  const after = Date.now();

  const now = await db.healthMonitor.findMany({ where: { komodorUid: uid }, orderBy: { checkType: "asc" } });
  expect(now.map((m) => m.id)).toEqual(opened.map((m) => m.id)); // refreshed in place, none opened again
  for (const m of now) {
    const was = opened.find((o) => o.id === m.id)!;
    expect(m.lastEvaluatedAt.getTime(), m.checkType).toBeGreaterThanOrEqual(before - 1);
    expect(m.lastEvaluatedAt.getTime(), m.checkType).toBeLessThanOrEqual(after + 1);
    expect(m.severity, m.checkType).toBe(was.severity);
    expect(m.supportingData, m.checkType).not.toEqual({ stale: true });
    if (m.checkType !== "restartingContainers") expect(m.supportingData, m.checkType).toEqual(was.supportingData);
  }
  expect(now.find((m) => m.checkType === "restartingContainers")?.supportingData).toMatchObject({ containers: [{ name: "app", restarts: 5 }] });
  expect(now.find((m) => m.id === dismissed.id)?.status).toBe("dismissed");
});
