// Core's side of cluster mode on the real database: objects in, timeline events and health
// monitors out, and what a user with a namespace-scoped policy gets to see and do.
import { beforeEach, describe, expect, it } from "vitest";
import * as accessRoute from "@/app/api/v1/kube/access/route";
import * as actionsRoute from "@/app/api/v1/kube/actions/route";
import * as servicesRoute from "@/app/api/v1/kube/services/route";
import { db } from "@/lib/db";
import { ingestChange, ingestList } from "@/lib/kube/ingest";
import { listServices } from "@/lib/kube/catalog";
import { timeline } from "@/lib/kube/timeline";
import { createResource } from "@/lib/resources/write";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { deployment, pod, replicaSet, withStatus } from "../helpers/kube-objects";
import { grant } from "../helpers/resources";
import { call } from "../helpers/routes";

let admin: TestUser;
let agentId: string;
let clusterId: string;

/** The n-th run of the container ending, a few seconds before this file started (with the API's 1 s
 * resolution). One fixed "now": each call must give the same time, or a second ticking over between
 * the ingest and the check would make one termination two. */
const NOW_S = Math.floor(Date.now() / 1000);
const secondsAgo = (s: number) => new Date((NOW_S - s) * 1000).toISOString().replace(".000", "");
const termination = (n: number, exitCode = 1) => ({
  reason: "Error",
  exitCode,
  message: `boom ${n}`,
  startedAt: secondsAgo(30 - 10 * n),
  finishedAt: secondsAgo(25 - 10 * n),
  containerID: `docker://crash-${n}`,
});

beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  const cluster = await createResource(admin.actor, "cluster", { name: "prod" });
  clusterId = cluster.id;
  agentId = (await db.agent.create({ data: { name: "cluster-agent", mode: "kubernetes", clusters: { connect: { id: cluster.id } } } })).id;
  await ingestList(agentId, "Deployment", [deployment("team-a", "web", "web:1", 2), deployment("team-b", "api", "api:1")]);
  await ingestList(agentId, "ReplicaSet", [replicaSet("team-a", "web-1", "web")]);
});

describe("cluster objects become a catalog, a timeline and health monitors", () => {
  it("lists services with their status, and records a deploy with the image diff", async () => {
    const services = await listServices(admin.actor);
    expect(services.map((s) => s.komodorUid).sort()).toEqual(["Deployment|prod|team-a|web", "Deployment|prod|team-b|api"]);
    await ingestChange(agentId, "Deployment", "MODIFIED", deployment("team-a", "web", "web:2", 2));
    const [event] = await timeline(admin.actor, { komodorUid: "Deployment|prod|team-a|web", type: ["deploy"] });
    expect(event?.summary).toBe("Deploy: web:1 → web:2");
    expect(event?.details).toMatchObject({ diff: [{ path: "spec.containers[app].image", before: "web:1", after: "web:2" }] });
  });

  it("tells replica changes its HorizontalPodAutoscaler made from changes by hand", async () => {
    await ingestList(agentId, "HorizontalPodAutoscaler", [
      {
        kind: "HorizontalPodAutoscaler",
        metadata: { name: "web-hpa", namespace: "team-a", uid: "hpa-1" },
        spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 5 },
      },
    ]);
    await ingestChange(agentId, "Deployment", "MODIFIED", deployment("team-a", "web", "web:1", 4));
    await ingestChange(agentId, "Deployment", "MODIFIED", deployment("team-b", "api", "api:1", 4));
    const [auto] = await timeline(admin.actor, { komodorUid: "Deployment|prod|team-a|web", type: ["replicas"] });
    const [manual] = await timeline(admin.actor, { komodorUid: "Deployment|prod|team-b|api", type: ["replicas"] });
    expect(auto).toMatchObject({ summary: "Autoscaled from 2 to 4 replicas by HorizontalPodAutoscaler web-hpa", details: { source: "autoscaler" } });
    expect(manual).toMatchObject({ summary: "Scaled from 1 to 4 replicas", details: { source: "manual" } });
  });

  it("opens restartingContainers with Komodor's supportingData when a pod crash-loops, and resolves it once fixed", async () => {
    await ingestChange(agentId, "Pod", "ADDED", pod("team-a", "web-1-a", "web-1", 0));
    await ingestChange(agentId, "Pod", "MODIFIED", pod("team-a", "web-1-a", "web-1", 3, "CrashLoopBackOff"));
    const monitor = await db.healthMonitor.findFirstOrThrow({ where: { komodorUid: "Deployment|prod|team-a|web", checkType: "restartingContainers" } });
    expect(monitor.status).toBe("open");
    expect(monitor.supportingData).toMatchObject({
      containers: [{ name: "app", restarts: 3 }],
      restartReasons: { additionalInfo: { podSamples: [{ podName: "web-1-a", restarts: 3 }] } },
    });
    const types = (await timeline(admin.actor, { komodorUid: "Deployment|prod|team-a|web" })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["restart", "crash-loop", "monitor"]));
    expect((await listServices(admin.actor)).find((s) => s.name === "web")?.status).toBe("unhealthy");

    // The fix rolls out: the crashing pod goes away and a healthy one replaces it.
    await ingestChange(agentId, "Pod", "DELETED", pod("team-a", "web-1-a", "web-1", 3, "CrashLoopBackOff"));
    await ingestChange(agentId, "Pod", "ADDED", pod("team-a", "web-1-b", "web-1", 0));
    expect((await db.healthMonitor.findUniqueOrThrow({ where: { id: monitor.id } })).status).toBe("resolved");
  });
});

describe("container crashes on the timeline", () => {
  const web = "Deployment|prod|team-a|web";
  const restarts = async () => timeline(admin.actor, { komodorUid: web, type: ["restart"] });

  it("records a crash as soon as the pod shows the container terminated, once, and not again when the kubelet restarts it", async () => {
    const base = pod("team-a", "web-1-a", "web-1", 0);
    await ingestChange(agentId, "Pod", "ADDED", base);
    // The container exits with an error; the kubelet has not restarted it yet (restartCount unchanged).
    await ingestChange(agentId, "Pod", "MODIFIED", withStatus(base, { restartCount: 0, state: { terminated: termination(1) }, lastState: {} }));
    const [first, ...more] = await restarts();
    expect(more).toEqual([]);
    expect(first).toMatchObject({
      severity: "warning",
      summary: "Container app in web-1-a crashed: Error (exit code 1)",
      details: { pod: "web-1-a", container: "app", exitCode: 1, finishedAt: termination(1).finishedAt, containerID: termination(1).containerID },
    });

    // The kubelet restarts it: the same termination, now as lastState with restartCount + 1.
    await ingestChange(agentId, "Pod", "MODIFIED", withStatus(base, { restartCount: 1, state: { running: {} }, lastState: { terminated: termination(1) } }));
    expect((await restarts()).map((e) => e.id)).toEqual([first!.id]);

    // The next crash is a new termination; then back-off: still one event per crash, and the crash loop is reported.
    await ingestChange(
      agentId,
      "Pod",
      "MODIFIED",
      withStatus(base, { restartCount: 1, state: { terminated: termination(2) }, lastState: { terminated: termination(1) } }),
    );
    const waiting = { waiting: { reason: "CrashLoopBackOff", message: "back-off 10s" } };
    await ingestChange(agentId, "Pod", "MODIFIED", withStatus(base, { restartCount: 2, state: waiting, lastState: { terminated: termination(2) } }));
    expect((await restarts()).map((e) => (e.details as { finishedAt: string }).finishedAt)).toEqual([termination(2).finishedAt, termination(1).finishedAt]);
    const types = (await timeline(admin.actor, { komodorUid: web })).map((e) => e.type);
    expect(types.filter((t) => t === "crash-loop")).toHaveLength(1);
  });

  it("still records a restart whose termination it never saw, once, even if the pod is listed again in between", async () => {
    const base = pod("team-a", "web-1-a", "web-1", 0);
    await ingestChange(agentId, "Pod", "ADDED", base);
    const restarted = withStatus(base, { restartCount: 1, state: { running: {} }, lastState: { terminated: termination(1) } });
    await ingestChange(agentId, "Pod", "MODIFIED", restarted);
    expect((await restarts()).map((e) => e.summary)).toEqual(["Container app in web-1-a restarted: Error (exit code 1)"]);
    // The agent reconnects and lists the pod from an older copy, then the same restart is watched again.
    await ingestList(agentId, "Pod", [base]);
    await ingestChange(agentId, "Pod", "MODIFIED", restarted);
    expect(await restarts()).toHaveLength(1);
  });

  it("does not call a container killed because its pod is being deleted a crash", async () => {
    const base = pod("team-a", "web-1-a", "web-1", 0);
    await ingestChange(agentId, "Pod", "ADDED", base);
    const deleting = { deletionTimestamp: secondsAgo(10) };
    await ingestChange(agentId, "Pod", "MODIFIED", withStatus(base, { state: { terminated: termination(1, 137) } }, deleting));
    expect(await restarts()).toEqual([]);
  });
});

describe("Kubernetes RBAC", () => {
  it("shows a view-only user their namespace alone, and refuses actions with 403 there and 404 elsewhere", async () => {
    const user = await makeUser();
    await db.kubePolicy.create({ data: { userId: user.id, clusters: "prod", namespaces: "team-a", actions: ["view"] } });
    const listed = await call(servicesRoute, "GET", "/api/v1/kube/services", { key: user.key });
    expect(listed.json.map((s: { name: string }) => s.name)).toEqual(["web"]);
    const scale = (namespace: string, name: string) =>
      call(actionsRoute, "POST", "/api/v1/kube/actions", {
        key: user.key,
        body: { clusterId, payload: { kind: "k8s.scale", target: { kind: "Deployment", namespace, name }, replicas: 3 } },
      });
    expect((await scale("team-a", "web")).status).toBe(403);
    expect((await scale("team-b", "api")).status).toBe(404);
    expect(await db.update.count({ where: { operation: { startsWith: "Scale" } } })).toBe(0);
  });

  it("tells the cluster page which actions a user has somewhere in the cluster", async () => {
    const user = await makeUser();
    await db.kubePolicy.create({ data: { userId: user.id, clusters: "prod", namespaces: "team-a", actions: ["view", "edit"] } });
    await grant({ userId: user.id }, "cluster", "Read", { id: clusterId });
    const access = (key: string) => call(accessRoute, "GET", `/api/v1/kube/access?clusterId=${clusterId}`, { key });
    expect((await access(user.key)).json).toEqual({ actions: ["view", "edit"] });
    expect((await access(admin.key)).json.actions).toContain("drain");
  });

  it("refuses a manifest to create with field errors before anything runs, and a namespace the user may not edit", async () => {
    const updatesBefore = await db.update.count();
    const create = (key: string, manifest: object) =>
      call(actionsRoute, "POST", "/api/v1/kube/actions", { key, body: { clusterId, payload: { kind: "k8s.create", manifest } } });
    const secret = await create(admin.key, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", namespace: "team-a" },
      data: { password: "aHVudGVyMg==" },
    });
    expect(secret.status).toBe(400);
    expect(Object.keys(secret.json.error.fields)).toEqual(["kind"]);
    const noName = await create(admin.key, { apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "team-a" } });
    expect(noName.status).toBe(400);
    expect(Object.keys(noName.json.error.fields)).toEqual(["payload.manifest.metadata.name"]);

    const user = await makeUser();
    await db.kubePolicy.create({ data: { userId: user.id, clusters: "prod", namespaces: "team-a", actions: ["view", "edit"] } });
    expect((await create(user.key, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "team-b" } })).status).toBe(404);
    expect((await create(user.key, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-c" } })).status).toBe(404);
    expect(await db.update.count()).toBe(updatesBefore);
    expect(await db.timelineEvent.count({ where: { type: "action" } })).toBe(0);
  });

  it("refuses an admin's action when the cluster's agent isn't connected, with the reason", async () => {
    const res = await call(actionsRoute, "POST", "/api/v1/kube/actions", {
      key: admin.key,
      body: { clusterId, payload: { kind: "k8s.scale", target: { kind: "Deployment", namespace: "team-a", name: "web" }, replicas: 3 } },
    });
    expect(res.status).toBe(503);
    expect(res.json.error.message).toMatch(/agent of cluster prod is not connected/);
  });
});

describe("timeline retention", () => {
  it("drops events older than the cluster's retention and keeps the rest", async () => {
    const { pruneTimeline } = await import("@/lib/kube/retention");
    const { updateResource } = await import("@/lib/resources/write");
    await updateResource(admin.actor, "cluster", clusterId, { config: { timelineRetentionDays: 7 } });
    const base = { clusterId, objectKind: "Deployment", objectName: "web", type: "deploy", summary: "x" };
    await db.timelineEvent.create({ data: { ...base, at: new Date(Date.now() - 8 * 86400_000) } });
    const recent = await db.timelineEvent.create({ data: { ...base, at: new Date(Date.now() - 6 * 86400_000) } });
    await pruneTimeline();
    expect((await db.timelineEvent.findMany({ where: { summary: "x" } })).map((e) => e.id)).toEqual([recent.id]);
  });
});
