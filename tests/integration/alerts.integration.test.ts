// Alerts as people see them: sources that need no Docker (a Kubernetes health monitor through
// ingest, a Stack's services through container events, an agent of another release over a real
// socket), who sees which alert (resource read access; Kubernetes alerts by namespace), who may
// acknowledge one, and the Alerts page's filters and paging through the real routes.
import { WebSocket } from "ws";
import { beforeEach, describe, expect, it } from "vitest";
import * as listRoute from "@/app/api/v1/alerts/route";
import * as countRoute from "@/app/api/v1/alerts/count/route";
import * as ackRoute from "@/app/api/v1/alerts/[id]/acknowledge/route";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import type { AgentConnection } from "@/lib/agents/hub";
import { handleAgentMessage } from "@/lib/agents/inbound";
import { CORE_VERSION } from "@/lib/alerts/agent-version";
import type { AlertPage } from "@/lib/alerts/types";
import { openAlert, closeAlert } from "@/lib/alerts/alerts";
import { db } from "@/lib/db";
import { asExecution } from "@/lib/executions/run";
import { subscribe } from "@/lib/realtime/bus";
import { ingestChange, ingestList } from "@/lib/kube/ingest";
import { setMonitorStatus } from "@/lib/kube/monitors";
import { PROTOCOL_VERSION } from "@/lib/protocol/agent";
import { createResource } from "@/lib/resources/write";
import { finishedUpdate, startCore, until } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { deployment, pod, replicaSet } from "../helpers/kube-objects";
import { grant } from "../helpers/resources";
import { call } from "../helpers/routes";

let admin: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});

const list = async (key: string, query: Record<string, string> = {}) => {
  const res = await call(listRoute, "GET", "/api/v1/alerts", { key, query });
  expect(res.status, res.text).toBe(200);
  return res.json as AlertPage;
};
const count = async (key: string) => (await call(countRoute, "GET", "/api/v1/alerts/count", { key })).json as { open: number; unacknowledged: number };
const acknowledge = (key: string, id: string) => call(ackRoute, "POST", `/api/v1/alerts/${id}/acknowledge`, { key, params: { id } });

/** A cluster "prod" fed by ingest, with web in team-a and api in team-b, and their ReplicaSets. */
async function cluster() {
  const clusterId = (await createResource(admin.actor, "cluster", { name: "prod" })).id;
  const agentId = (await db.agent.create({ data: { name: "cluster-agent", mode: "kubernetes", clusters: { connect: { id: clusterId } } } })).id;
  await ingestList(agentId, "Deployment", [deployment("team-a", "web", "web:1", 1), deployment("team-b", "api", "api:1", 1)]);
  await ingestList(agentId, "ReplicaSet", [replicaSet("team-a", "web-1", "web"), replicaSet("team-b", "api-1", "api")]);
  return { clusterId, agentId };
}

const kubeAlerts = () => db.alert.findMany({ where: { type: "KubeHealthMonitor" }, orderBy: { openedAt: "asc" } });

describe("Kubernetes health monitors", () => {
  it("a monitor opening through ingest opens an alert in the object's namespace, and its resolution resolves it", async () => {
    const { clusterId, agentId } = await cluster();
    await ingestChange(agentId, "Pod", "ADDED", pod("team-a", "web-1-a", "web-1", 0));
    expect(await kubeAlerts()).toEqual([]);
    await ingestChange(agentId, "Pod", "MODIFIED", pod("team-a", "web-1-a", "web-1", 3, "CrashLoopBackOff"));
    const monitor = await db.healthMonitor.findFirstOrThrow({ where: { komodorUid: "Deployment|prod|team-a|web", checkType: "restartingContainers" } });
    const [alert, ...more] = await kubeAlerts();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({
      targetType: "cluster",
      targetId: clusterId,
      targetName: "prod",
      namespace: "team-a",
      severity: monitor.severity === "high" ? "critical" : "warning",
      resolvedAt: null,
      data: expect.objectContaining({ key: "restartingContainers|Deployment|team-a|web" }),
    });

    // Still crashing: the monitor is refreshed, the alert is the same one (deduplicated).
    await ingestChange(agentId, "Pod", "MODIFIED", pod("team-a", "web-1-a", "web-1", 5, "CrashLoopBackOff"));
    expect((await kubeAlerts()).map((a) => a.id)).toEqual([alert!.id]);

    // The fix rolls out: the monitor resolves, and so does the alert.
    await ingestChange(agentId, "Pod", "DELETED", pod("team-a", "web-1-a", "web-1", 5, "CrashLoopBackOff"));
    await ingestChange(agentId, "Pod", "ADDED", pod("team-a", "web-1-b", "web-1", 0));
    expect((await db.healthMonitor.findUniqueOrThrow({ where: { id: monitor.id } })).status).toBe("resolved");
    expect((await kubeAlerts()).map((a) => [a.id, a.resolvedAt !== null])).toEqual([[alert!.id, true]]);
  });

  it("dismissing the monitor by hand resolves its alert (ingest resolves only active monitors)", async () => {
    const { agentId } = await cluster();
    await ingestChange(agentId, "Pod", "ADDED", pod("team-a", "web-1-a", "web-1", 3, "CrashLoopBackOff"));
    const monitor = await db.healthMonitor.findFirstOrThrow({ where: { komodorUid: "Deployment|prod|team-a|web", checkType: "restartingContainers" } });
    expect((await kubeAlerts()).map((a) => a.resolvedAt)).toEqual([null]);
    await setMonitorStatus(admin.actor, monitor.id, { status: "dismissed" });
    expect((await kubeAlerts()).map((a) => a.resolvedAt)).toEqual([expect.any(Date)]);
    // Still crashing while dismissed: no new alert.
    await ingestChange(agentId, "Pod", "MODIFIED", pod("team-a", "web-1-a", "web-1", 6, "CrashLoopBackOff"));
    expect(await kubeAlerts()).toHaveLength(1);
  });

  it("a namespace-scoped user sees the alerts of its namespace and none of another's; a cluster grant alone shows none", async () => {
    const { agentId } = await cluster();
    await ingestChange(agentId, "Pod", "ADDED", pod("team-a", "web-1-a", "web-1", 3, "CrashLoopBackOff"));
    await ingestChange(agentId, "Pod", "ADDED", pod("team-b", "api-1-a", "api-1", 3, "CrashLoopBackOff"));
    expect((await kubeAlerts()).map((a) => a.namespace).sort()).toEqual(["team-a", "team-b"]);

    const teamA = await makeUser();
    await db.kubePolicy.create({ data: { userId: teamA.id, clusters: "prod", namespaces: "team-a", actions: ["view"] } });
    expect((await list(teamA.key)).items.map((a) => [a.namespace, a.canAcknowledge])).toEqual([["team-a", false]]);
    expect(await count(teamA.key)).toEqual({ open: 1, unacknowledged: 1 });

    const clusterReader = await makeUser();
    const clusterId = (await db.cluster.findFirstOrThrow()).id;
    await grant({ userId: clusterReader.id }, "cluster", "Read", { id: clusterId });
    expect((await list(clusterReader.key)).items).toEqual([]);
    expect(await count(clusterReader.key)).toEqual({ open: 0, unacknowledged: 0 });

    // Viewing is not acting: team-a's viewer may not acknowledge its alert (403), nor learn of team-b's (404).
    const byNs = new Map((await kubeAlerts()).map((x) => [x.namespace, x.id]));
    expect((await acknowledge(teamA.key, byNs.get("team-a")!)).status).toBe(403);
    expect((await acknowledge(teamA.key, byNs.get("team-b")!)).status).toBe(404);
    await db.kubePolicy.create({ data: { userId: teamA.id, clusters: "prod", namespaces: "team-a", actions: ["restart"] } });
    expect((await list(teamA.key)).items.map((a) => a.canAcknowledge)).toEqual([true]);
    expect((await acknowledge(teamA.key, byNs.get("team-a")!)).status).toBe(201);
    expect((await acknowledge(teamA.key, byNs.get("team-b")!)).status).toBe(404);
  });
});

describe("resource alerts: who sees them, who may acknowledge them", () => {
  async function servers() {
    const mine = await createResource(admin.actor, "server", { name: "mine" });
    const theirs = await createResource(admin.actor, "server", { name: "theirs" });
    const a = await openAlert({ type: "ServerCpu", level: "warning", target: { type: "server", id: mine.id, name: mine.name }, message: "CPU at 91%" });
    const b = await openAlert({ type: "ServerDisk", level: "critical", target: { type: "server", id: theirs.id, name: theirs.name }, message: "Disk at 97%" });
    return { mine, theirs, a: a.id, b: b.id };
  }

  it("a user without access sees none and can't learn of one by acknowledging it; a reader sees only what it reads", async () => {
    const { mine, a, b } = await servers();
    const nobody = await makeUser();
    expect((await list(nobody.key)).items).toEqual([]);
    expect(await count(nobody.key)).toEqual({ open: 0, unacknowledged: 0 });
    expect((await acknowledge(nobody.key, a)).status).toBe(404);

    const reader = await makeUser();
    await grant({ userId: reader.id }, "server", "Read", { id: mine.id });
    expect((await list(reader.key)).items.map((x) => [x.id, x.canAcknowledge])).toEqual([[a, false]]);
    expect(await count(reader.key)).toEqual({ open: 1, unacknowledged: 1 });
    // Reading is not acting: 403 on its own server's alert, 404 on the other's, and nothing changed.
    const refused = await acknowledge(reader.key, a);
    expect(refused.status).toBe(403);
    expect((await acknowledge(reader.key, b)).status).toBe(404);
    expect(await db.alert.count({ where: { acknowledgedAt: { not: null } } })).toBe(0);
    expect(await db.update.count({ where: { operation: "AcknowledgeAlert" } })).toBe(0);
  });

  it("Execute on the target acknowledges: audited, shown with who, counted apart, and the alert stays open", async () => {
    const { mine, a } = await servers();
    const operator = await makeUser();
    await grant({ userId: operator.id }, "server", "Execute", { id: mine.id });
    expect((await list(operator.key)).items.map((x) => [x.id, x.canAcknowledge])).toEqual([[a, true]]);
    const res = await acknowledge(operator.key, a);
    expect(res.status, res.text).toBe(201);
    const row = await db.alert.findUniqueOrThrow({ where: { id: a } });
    expect(row).toMatchObject({ acknowledgedById: operator.id, resolvedAt: null });
    const audit = await db.update.findFirstOrThrow({ where: { operation: "AcknowledgeAlert" }, include: { logs: true } });
    expect(audit).toMatchObject({ targetType: "server", targetId: mine.id, operatorId: operator.id, success: true });
    expect(audit.logs[0]?.stdout).toContain("CPU at 91%");
    expect((await list(operator.key)).items[0]?.acknowledgedBy).toBe(operator.username);
    expect(await count(operator.key)).toEqual({ open: 1, unacknowledged: 0 });
    // Again: nothing more is recorded.
    expect((await acknowledge(operator.key, a)).json).toMatchObject({ alreadyAcknowledged: true });
    expect(await db.update.count({ where: { operation: "AcknowledgeAlert" } })).toBe(1);
  });

  it("filters by state, type, level, target type, acknowledgement and text, pages with a cursor, and refuses a bad filter", async () => {
    const { mine, a, b } = await servers();
    await closeAlert("ServerDisk", { type: "server", id: (await db.server.findFirstOrThrow({ where: { name: "theirs" } })).id });
    const c = await openAlert({ type: "ServerMemory", level: "critical", target: { type: "server", id: mine.id, name: mine.name }, message: "Memory at 95%" });
    await acknowledge(admin.key, c.id);
    const ids = async (query: Record<string, string>) => (await list(admin.key, query)).items.map((x) => x.id).sort();
    expect(await ids({})).toEqual([a, b, c.id].sort());
    expect(await ids({ state: "open" })).toEqual([a, c.id].sort());
    expect(await ids({ state: "resolved" })).toEqual([b]);
    expect(await ids({ type: "ServerCpu" })).toEqual([a]);
    expect(await ids({ level: "critical" })).toEqual([b, c.id].sort());
    expect(await ids({ targetType: "deployment" })).toEqual([]);
    expect(await ids({ acknowledged: "true" })).toEqual([c.id]);
    expect(await ids({ acknowledged: "false", state: "open" })).toEqual([a]);
    expect(await ids({ q: "THEIRS" })).toEqual([b]);
    expect(await ids({ q: "memory at" })).toEqual([c.id]);

    const first = await list(admin.key, { limit: "2" });
    expect(first.items).toHaveLength(2);
    const second = await list(admin.key, { limit: "2", cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((x) => x.id).sort()).toEqual([a, b, c.id].sort());

    const bad = await call(listRoute, "GET", "/api/v1/alerts", { key: admin.key, query: { state: "sometimes", level: "loud" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(["level", "state"]);
  });
});

describe("StackStateChange", () => {
  it("a service going down outside Wheelhouse makes the stack unhealthy, then down; running again resolves it", async () => {
    const serverId = (await createResource(admin.actor, "server", { name: "host" })).id;
    const stack = await createResource(admin.actor, "stack", { name: "shop", config: { serverId } });
    const agent = await db.agent.create({ data: { name: "host-agent", servers: { connect: { id: serverId } } } });
    const conn = { agentId: agent.id } as AgentConnection;
    const event = (service: string, state: string) =>
      handleAgentMessage(conn, {
        type: "container.state",
        container: `shop-${service}-1`,
        id: `id-${service}`,
        state,
        action: state === "running" ? "start" : "die",
        labels: { "com.docker.compose.project": "shop", "com.docker.compose.service": service },
      });
    await event("web", "running");
    await event("db", "running");
    const alerts = () => db.alert.findMany({ where: { type: "StackStateChange", targetId: stack.id } });
    expect(await alerts()).toEqual([]);

    await event("db", "exited");
    expect(await alerts()).toEqual([
      expect.objectContaining({ severity: "warning", resolvedAt: null, data: expect.objectContaining({ health: "unhealthy" }) }),
    ]);
    await event("web", "exited");
    expect(await alerts()).toEqual([expect.objectContaining({ severity: "critical", resolvedAt: null, data: expect.objectContaining({ health: "down" }) })]);

    await event("web", "running");
    expect((await alerts())[0]?.resolvedAt).toBeNull();
    await event("db", "running");
    expect(await alerts()).toEqual([expect.objectContaining({ resolvedAt: expect.any(Date) })]);
  });
});

describe("AgentVersionMismatch", () => {
  it("an agent of another release opens a warning on its Server; reconnecting matching resolves it", async () => {
    const core = await startCore();
    try {
      const serverId = (await createResource(admin.actor, "server", { name: "old-release-host" })).id;
      const { token, agentId } = await createEnrollmentToken(admin.actor, serverId);
      const hello = async (version: string, auth: string) => {
        const ws = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/agent`, { headers: { authorization: `Bearer ${auth}` } });
        const received: { type: string; credential?: string }[] = [];
        ws.on("message", (raw) => received.push(JSON.parse(String(raw))));
        const welcome = await until(async () => received.find((m) => m.type === "welcome"), "the welcome");
        ws.send(
          JSON.stringify({
            type: "hello",
            protocol: PROTOCOL_VERSION,
            version,
            hostname: "old-release-host",
            capabilities: { docker: true, compose: null, terminals: true, kubernetes: null },
          }),
        );
        await until(async () => (await db.agent.findUnique({ where: { id: agentId } }))?.version === version, `core to handle the hello of ${version}`);
        return { ws, welcome };
      };
      const first = await hello("0.0.1-old", token);
      const alert = await until(async () => db.alert.findFirst({ where: { type: "AgentVersionMismatch", targetId: serverId } }), "the mismatch alert");
      expect(alert).toMatchObject({ targetType: "server", severity: "warning", resolvedAt: null });
      expect(alert.message).toContain(`runs 0.0.1-old, core runs ${CORE_VERSION}`);
      first.ws.close();
      await until(async () => db.alert.findFirst({ where: { type: "ServerUnreachable", targetId: serverId } }), "core to see the agent go");

      const credential = first.welcome.credential ?? token;
      const second = await hello(CORE_VERSION, credential);
      await until(
        async () => (await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).resolvedAt,
        "the mismatch alert to resolve once the agent reconnects matching",
      );
      second.ws.close();
      await until(async () => db.alert.findFirst({ where: { type: "ServerUnreachable", targetId: serverId, resolvedAt: null } }), "core to see it go again");
    } finally {
      await core.close();
    }
  });
});

describe("failed executions, decided where every execution ends", () => {
  it("a failed build or repo pull opens its alert once, the next success of that kind resolves it, and other executions raise none", async () => {
    const build = await createResource(admin.actor, "build", { name: "frontend" });
    const repo = await createResource(admin.actor, "repo", { name: "app-repo" });
    const server = await createResource(admin.actor, "server", { name: "pruned" });
    const run = async (operation: string, type: string, target: { id: string; name: string }, success: boolean) =>
      finishedUpdate(
        (
          await asExecution(admin.actor, operation, { type, id: target.id, name: target.name }, async () => ({
            success,
            error: success ? undefined : `${operation} broke`,
          }))
        ).updateId,
      );
    const alerts = (type: string, targetId: string) => db.alert.findMany({ where: { type, targetId } });
    // The alert is recorded right after the Update's end: wait for it rather than race it.
    const settled = (type: string, targetId: string, resolved: boolean) =>
      until(async () => (await alerts(type, targetId)).some((a) => (a.resolvedAt !== null) === resolved), `${type} to be ${resolved ? "resolved" : "open"}`);

    const failed = await run("RunBuild", "build", build, false);
    await settled("BuildFailed", build.id, false);
    expect(await alerts("BuildFailed", build.id)).toEqual([
      expect.objectContaining({
        severity: "critical",
        resolvedAt: null,
        message: "RunBuild of frontend failed: RunBuild broke",
        data: expect.objectContaining({ updateId: failed.id }),
      }),
    ]);
    // A repeat failure changes no row (deduplicated): its alerts.changed event says it was handled.
    const heard = new Promise<void>((resolve) => {
      const stop = subscribe((e) => e.type === "alerts.changed" && (stop(), resolve()));
    });
    await run("RunBuild", "build", build, false);
    await heard;
    expect(await alerts("BuildFailed", build.id)).toHaveLength(1);
    await run("RunBuild", "build", build, true);
    await settled("BuildFailed", build.id, true);
    expect((await alerts("BuildFailed", build.id))[0]?.resolvedAt).toBeInstanceOf(Date);

    await run("PullRepo", "repo", repo, false);
    await settled("RepoFailed", repo.id, false);
    expect((await alerts("RepoFailed", repo.id)).map((a) => a.resolvedAt)).toEqual([null]);
    await run("CloneRepo", "repo", repo, true);
    await settled("RepoFailed", repo.id, true);
    expect((await alerts("RepoFailed", repo.id))[0]?.resolvedAt).toBeInstanceOf(Date);

    // A failed prune raises nothing (checked once a build failing after it has its alert recorded).
    const events: string[] = [];
    const stop = subscribe((e) => void (e.type === "alerts.changed" && events.push(e.alertId)));
    const prune = await asExecution(admin.actor, "PruneImages", { type: "server", id: server.id, name: server.name }, async () => ({
      success: false,
      error: "no",
    }));
    await finishedUpdate(prune.updateId);
    await run("RunBuild", "build", build, false);
    await until(async () => events.length > 0, "the build's alert event");
    stop();
    expect(await db.alert.count({ where: { targetId: server.id } })).toBe(0);
  });
});
