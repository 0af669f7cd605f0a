// Several core processes on one database (issue 11). The agents are connected to core A; an API
// client and its sockets use only core B. Everything crosses between them through PostgreSQL
// (LISTEN/NOTIFY and the command rows): a deploy with live output, a container shell, a
// Kubernetes scale and its timeline event. Then core A is killed mid-deploy: the agent moves to
// B, the deploy ends with what the agent did (run once), and the open shell carries on with its
// earlier output. Then the database drops every connection, as a restart does, and both cores and
// the agent carry on without being restarted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildImage, Created, freePorts } from "@/agent/docker/test-support";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { listServices } from "@/lib/kube/catalog";
import { timeline } from "@/lib/kube/timeline";
import { createResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { ensureKubernetes } from "@/scripts/lib/k8s";
import { finishedUpdate, logText, startAgent, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { startCoreProcess, type CoreProcess } from "../helpers/core-process";
import { asIfRestarted } from "../helpers/db-outage";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { heldAtGate, heldCompose, openGate, removeProject } from "../helpers/held-stack";

const ns = `wh-multi-${Date.now().toString(36)}`;
const project = `wh-test-multi-${Date.now().toString(36)}`;
const image = "wh-test/multi-core:1";
const created = new Created();
const dirs = [mkdtempSync(path.join(os.tmpdir(), "wh-multi-server-")), mkdtempSync(path.join(os.tmpdir(), "wh-multi-cluster-"))] as const;
let kubeconfig: string;
let a: CoreProcess;
let b: CoreProcess;
let serverAgent: AgentProcess;
let clusterAgent: AgentProcess;
let admin: TestUser;
let serverId: string;
let clusterId: string;
let deploymentId: string;
let stackId: string;

const kubectl = (...args: string[]) => execFileSync("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8" });
const agentOf = async (where: { serverId?: string; clusterId?: string }) => {
  const owner = where.serverId
    ? await db.server.findUniqueOrThrow({ where: { id: where.serverId }, select: { agentId: true } })
    : await db.cluster.findUniqueOrThrow({ where: { id: where.clusterId }, select: { agentId: true } });
  return db.agent.findUniqueOrThrow({ where: { id: owner.agentId! } });
};
const journal = () => JSON.parse(readFileSync(path.join(dirs[0], "journal.json"), "utf8")) as Record<string, { status: string }>;

interface Client {
  received: { type: string; [k: string]: unknown }[];
  output: () => string;
  /** Where in the output each reset (start over from the scrollback) arrived. */
  resets: number[];
  send: (data: string | Buffer) => void;
  close: () => void;
}

function connect(core: CoreProcess, pathAndQuery: string): Client {
  const socket = new WebSocket(`${core.url.replace("http", "ws")}${pathAndQuery}`, { headers: { "x-api-key": admin.key } });
  const received: Client["received"] = [];
  const resets: number[] = [];
  let output = "";
  socket.on("message", (data, isBinary) => {
    if (isBinary) return void (output += data.toString());
    const message = JSON.parse(String(data)) as Client["received"][number];
    if (message.type === "reset") resets.push(output.length);
    received.push(message);
  });
  socket.on("error", () => {});
  const open = new Promise((resolve) => socket.once("open", resolve));
  return {
    received,
    resets,
    output: () => output,
    send: (data) => void open.then(() => socket.send(data)),
    close: () => socket.close(),
  };
}

/** A shell on the deployment's container through `core`, with its first output on screen. */
async function shellThrough(core: CoreProcess, targetType: "deployment" | "server", targetId: string) {
  const opened = await core.post(admin.key, "/api/v1/terminals", { targetType, targetId });
  expect(opened.status, JSON.stringify(opened.json)).toBe(201);
  const client = connect(core, `/api/ws/terminal?session=${opened.json.id as string}`);
  await until(async () => client.output().length > 0, `the shell's first output:\n${serverAgent.output()}`);
  return client;
}

beforeAll(async () => {
  await ensureDocker();
  ({ kubeconfig } = await ensureKubernetes());
  kubectl("create", "namespace", ns);
  await resetDb();
  admin = await makeUser({ admin: true });
  created.images.add(await buildImage(image, [`CMD ["sh", "-c", "echo multi-core says hello; exec sleep 3600"]`]));
  const [portA, portB] = await freePorts(2);
  [a, b] = await Promise.all([startCoreProcess(portA!), startCoreProcess(portB!)]);

  serverId = (await createResource(admin.actor, "server", { name: "multi-host" })).id;
  // The server's agent knows both cores and starts on A; the cluster's knows only A.
  serverAgent = startAgent(`${a.url},${b.url}`, dirs[0], (await createEnrollmentToken(admin.actor, serverId)).token);
  clusterId = (await createResource(admin.actor, "cluster", { name: "local" })).id;
  const { token } = await createEnrollmentToken(admin.actor, clusterId, "cluster");
  clusterAgent = startAgent(a.url, dirs[1], token, ["--kubeconfig", kubeconfig, "--actions-basic"]);
  await until(async () => (await agentOf({ serverId })).coreId === a.coreId, `the server's agent on core A:\n${serverAgent.output()}`, 60_000);
  await until(async () => (await agentOf({ clusterId })).coreId === a.coreId, `the cluster's agent on core A:\n${clusterAgent.output()}`, 60_000);

  deploymentId = (
    await createResource(admin.actor, "deployment", { name: "wh-test-multi", config: { serverId, image, restart: "no", terminationTimeoutSeconds: 1 } })
  ).id;
  stackId = (await createResource(admin.actor, "stack", { name: project, config: { serverId, files: [{ name: "compose.yaml", contents: heldCompose() }] } }))
    .id;
}, 1_800_000);

afterAll(async () => {
  try {
    kubectl("delete", "namespace", ns, "--wait=false");
  } catch {
    // already gone
  }
  await removeProject(project).catch(() => {});
  for (const agent of [serverAgent, clusterAgent]) if (agent) await stopAgent(agent);
  await Promise.all([a?.kill(), b?.kill()]);
  await created.cleanup();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("an API client on core B, agents on core A", () => {
  it("deploys with live output, types into a container shell, and scales a workload onto its timeline", async () => {
    // Deploy: the live feed on B shows the Update's progress and end.
    const feed = connect(b, "/api/ws/events");
    await until(async () => feed.received.some((m) => m.type === "ready"), "B's feed to be ready");
    const res = await b.execute(admin.key, "deployments", deploymentId, "deploy");
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const updateId = res.json.updateId as string;
    feed.send(JSON.stringify({ type: "subscribe", updateId }));
    const done = await until(
      async () => feed.received.find((m) => m.type === "update.done" && m.updateId === updateId),
      "the deploy's end on B's feed",
      120_000,
    );
    const update = await finishedUpdate(updateId);
    expect(done.success, `${update.error}\n${logText(update)}`).toBe(true);
    const streamed = feed.received.filter(
      (m) => m.updateId === updateId && (m.type === "update.log" || m.type === "update.stage" || m.type === "update.snapshot"),
    );
    expect(streamed.length).toBeGreaterThan(0);
    feed.close();

    // A shell in the deployment's container, opened and typed into through B.
    const shell = await shellThrough(b, "deployment", deploymentId);
    shell.send(Buffer.from("echo multi-$((40+2))\n"));
    await until(async () => shell.output().includes("multi-42"), `the shell's echo:\n${shell.output()}`);
    shell.close();

    // A scale through B, run by the cluster's agent on A, lands on the cluster and its timeline.
    kubectl("-n", ns, "create", "deployment", "web", "--image=local/busybox:1", "--", "sleep", "3600");
    const uid = `Deployment|local|${ns}|web`;
    await until(async () => (await listServices(admin.actor, { clusterId })).find((s) => s.komodorUid === uid), "web in the catalog", 90_000);
    const scale = await b.post(admin.key, "/api/v1/kube/actions", {
      clusterId,
      payload: { kind: "k8s.scale", target: { kind: "Deployment", namespace: ns, name: "web" }, replicas: 2 },
    });
    expect(scale.status, JSON.stringify(scale.json)).toBe(202);
    const scaled = await finishedUpdate(scale.json.updateId as string);
    expect(scaled.success, scaled.error ?? "").toBe(true);
    expect(kubectl("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.replicas}")).toBe("2");
    const events = await until(async () => {
      const found = await timeline(admin.actor, { komodorUid: uid, type: ["action"] });
      return found.length ? found : null;
    }, "the scale on the timeline");
    expect(events[0]!.summary).toMatch(/Scale web to 2 by .*: done/);
  }, 300_000);
});

describe("core A dies", () => {
  it("moves the agent to B: the deploy ends with what the agent did, run once, and the open shell resumes with its earlier output", async () => {
    await removeProject(project);
    const shell = await shellThrough(b, "server", serverId);
    shell.send(Buffer.from("echo before-$((6*7))\n"));
    await until(async () => shell.output().includes("before-42"), `the shell's echo:\n${shell.output()}`);

    const res = await b.execute(admin.key, "stacks", stackId, "deploy");
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const updateId = res.json.updateId as string;
    await heldAtGate(project);
    const command = await db.agentCommand.findFirstOrThrow({ where: { updateId } });
    const resetsBefore = shell.resets.length;

    await a.kill("SIGKILL");
    await until(async () => (await agentOf({ serverId })).coreId === b.coreId, `the agent to move to core B:\n${serverAgent.output()}`, 60_000);

    // The shell: B starts the browser over from the agent's scrollback, which has what was typed before.
    await until(async () => shell.resets.length > resetsBefore, "the shell to be reset for its scrollback");
    await until(async () => shell.output().slice(shell.resets.at(-1)).includes("before-42"), `the earlier output replayed:\n${shell.output()}`);
    shell.send(Buffer.from("echo after-$((6*7))\n"));
    await until(async () => shell.output().slice(shell.resets.at(-1)).includes("after-42"), `the shell working after the move:\n${shell.output()}`);
    shell.close();

    // The deploy: still running on the agent, it ends with the agent's outcome.
    await openGate(project);
    const update = await finishedUpdate(updateId, 120_000);
    expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
    expect((await db.agentCommand.findUniqueOrThrow({ where: { id: command.id } })).status).toBe("done");
    expect(journal()[command.idempotencyKey]?.status).toBe("done");
    expect(logText(update)).toContain("The agent had already received this command; it was not run again.");
  }, 300_000);
});

describe("the database drops every connection", () => {
  it("cores and agents carry on without a restart, and an acknowledged deploy is not lost", async () => {
    const res = await b.execute(admin.key, "deployments", deploymentId, "deploy");
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    await asIfRestarted(2_000);

    const acknowledged = await finishedUpdate(res.json.updateId as string, 120_000);
    expect(acknowledged.success, `${acknowledged.error}\n${logText(acknowledged)}\n${b.output()}`).toBe(true);
    // Core B still serves, and reaches the agent through the database it reconnected to.
    const again = await until(async () => {
      const r = await b.execute(admin.key, "deployments", deploymentId, "deploy");
      return r.status === 202 ? r : null;
    }, "core B to serve again");
    const next = await finishedUpdate(again.json.updateId as string, 120_000);
    expect(next.success, `${next.error}\n${logText(next)}`).toBe(true);
    expect(b.child.exitCode).toBeNull();
    expect(serverAgent.child.exitCode).toBeNull();
  }, 300_000);
});
