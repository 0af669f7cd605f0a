// The execution spine end to end: core (socket router + lib) ⇄ a real agent process ⇄ the
// real Docker engine. Deploy, logs, restart, rollback, destroy; bad input that must leave
// the previous container running; and an agent that dies mid-command.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { containerAction, deploy, rollback } from "@/lib/executions/deployment";
import { tailLogs } from "@/lib/executions/logs";
import { openTerminal } from "@/lib/terminal/open";
import { createResource, updateResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { buildImage, Created, freePorts, inspect } from "@/agent/docker/test-support";
import { docker } from "@/agent/docker/client";
import { finishedUpdate, logText, startAgent, startCore, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

const created = new Created();
const stateDir = mkdtempSync(path.join(os.tmpdir(), "wh-agent-"));
let core: Awaited<ReturnType<typeof startCore>>;
let agent: AgentProcess;
let admin: TestUser;
let serverId: string;
const v1 = "wh-test/spine:1";
const v2 = "wh-test/spine:2";

async function containerOf(name: string) {
  const found = await docker().listContainers({ all: true, filters: { name: [`^/${name}$`] } });
  if (found[0]) created.containers.add(found[0].Id);
  return found[0];
}

beforeAll(async () => {
  await ensureDocker();
  created.images.add(await buildImage(v1, [`CMD ["sh", "-c", "echo spine says $GREETING from v1; exec sleep 3600"]`]));
  created.images.add(await buildImage(v2, [`CMD ["sh", "-c", "echo spine says $GREETING from v2; exec sleep 3600"]`]));
  await resetDb();
  admin = await makeUser({ admin: true });
  core = await startCore();
  serverId = (await createResource(admin.actor, "server", { name: "spine-host" })).id;
  const { token } = await createEnrollmentToken(admin.actor, serverId);
  agent = startAgent(core.url, stateDir, token);
  await until(
    async () => ((await db.server.findUnique({ where: { id: serverId } }))?.info as { status?: string })?.status === "ok",
    `the agent to connect:\n${agent.output()}`,
  );
}, 600_000);

afterAll(async () => {
  if (agent) await stopAgent(agent);
  await core?.close();
  await created.cleanup();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("deployments through a real agent", () => {
  let deploymentId: string;

  it("deploys a locally built image with an interpolated secret, and its logs show its output", async () => {
    await createResource(admin.actor, "variable", { name: "greeting", config: { value: "hello-s3cret", secret: true } });
    const d = await createResource(admin.actor, "deployment", {
      name: "wh-test-spine",
      config: { serverId, image: v1, env: "GREETING=[[greeting]]", restart: "no", terminationTimeoutSeconds: 1 },
    });
    deploymentId = d.id;
    const update = await finishedUpdate((await deploy(admin.actor, d.id)).updateId);
    expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
    expect(logText(update)).not.toContain("hello-s3cret");
    const container = await containerOf("wh-test-spine");
    expect(container?.State).toBe("running");
    await until(
      async () => (await tailLogs(admin.actor, "deployment", d.id, { tail: "50" })).lines.some((l) => l.includes("spine says *** from v1")),
      "the container's output in its logs, its secret redacted",
    );
  });

  it("restart gives the same container a new start; redeploy and rollback switch images", async () => {
    const before = await inspect("wh-test-spine");
    const restart = await finishedUpdate((await containerAction(admin.actor, deploymentId, "restart")).updateId);
    expect(restart.success, restart.error ?? "").toBe(true);
    const afterRestart = await inspect("wh-test-spine");
    expect(afterRestart.Id).toBe(before.Id);
    expect(afterRestart.State.StartedAt).not.toBe(before.State.StartedAt);

    await updateResource(admin.actor, "deployment", deploymentId, { config: { image: v2 } });
    const second = await finishedUpdate((await deploy(admin.actor, deploymentId)).updateId);
    expect(second.success, second.error ?? "").toBe(true);
    expect((await inspect("wh-test-spine")).Config.Image).toBe(v2);

    const back = await finishedUpdate((await rollback(admin.actor, deploymentId)).updateId);
    expect(back.success, back.error ?? "").toBe(true);
    expect((await inspect("wh-test-spine")).Config.Image).toBe(v1);
    const row = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    expect((row.config as { image: string }).image).toBe(v1);
  });

  it("state follows Docker events: stop shows exited without polling", async () => {
    const stop = await finishedUpdate((await containerAction(admin.actor, deploymentId, "stop")).updateId);
    expect(stop.success).toBe(true);
    await until(
      async () => ((await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).info as { state?: string }).state === "exited",
      "the deployment's state to become exited",
    );
    await finishedUpdate((await containerAction(admin.actor, deploymentId, "start")).updateId);
    await until(
      async () => ((await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).info as { state?: string }).state === "running",
      "running again",
    );
  });

  it("unknown image, missing variable and a port conflict fail clearly and leave the previous container running", async () => {
    const running = await inspect("wh-test-spine");
    const attempts: [object, RegExp][] = [
      [{ image: "wh-test/does-not-exist:9" }, /not available locally|could not be pulled/i],
      [{ image: v2, env: "GREETING=[[nope]]" }, /Unknown variable: \[\[nope\]\] in env GREETING/],
    ];
    const [port] = await freePorts(1);
    const blocker = await docker().createContainer({
      Image: v1,
      name: `wh-test-blocker-${port}`,
      HostConfig: { PortBindings: { "80/tcp": [{ HostPort: String(port) }] } },
      ExposedPorts: { "80/tcp": {} },
    });
    created.containers.add(blocker.id);
    await blocker.start();
    attempts.push([{ image: v2, env: "GREETING=x", ports: `${port}:80` }, new RegExp(`${port}`)]);
    for (const [config, message] of attempts) {
      await updateResource(admin.actor, "deployment", deploymentId, { config });
      const update = await finishedUpdate((await deploy(admin.actor, deploymentId)).updateId);
      expect(update.success).toBe(false);
      expect(update.error).toMatch(message);
      const now = await inspect("wh-test-spine");
      expect(now.Id).toBe(running.Id);
      expect(now.State.Running).toBe(true);
    }
    await updateResource(admin.actor, "deployment", deploymentId, { config: { image: v1, env: "GREETING=[[greeting]]", ports: "" } });
  });

  it("destroy removes the container", async () => {
    const update = await finishedUpdate((await containerAction(admin.actor, deploymentId, "destroy")).updateId);
    expect(update.success, update.error ?? "").toBe(true);
    expect(await containerOf("wh-test-spine")).toBeUndefined();
  });
});

describe("shells on the server", () => {
  it("opens an audited host shell, and refuses one while the server is disabled, recording nothing", async () => {
    const opened = await openTerminal(admin.actor, { targetType: "server", targetId: serverId });
    expect(opened.target).toEqual({ kind: "host" });
    expect(await db.terminalSession.count({ where: { id: opened.id, username: admin.username } })).toBe(1);

    await updateResource(admin.actor, "server", serverId, { config: { enabled: false } });
    const sessions = await db.terminalSession.count();
    await expect(openTerminal(admin.actor, { targetType: "server", targetId: serverId })).rejects.toThrow(/Server spine-host is disabled/);
    expect(await db.terminalSession.count()).toBe(sessions);
    await updateResource(admin.actor, "server", serverId, { config: { enabled: true } });
  });
});

describe("losing the agent", () => {
  const openUnreachable = () => db.alert.count({ where: { type: "ServerUnreachable", targetId: serverId, resolvedAt: null } });

  it("ends a running command as failed within 15 s, marks the server unreachable, and never runs it twice", async () => {
    const marker = path.join(stateDir, "marker.log");
    // The pre-deploy command runs on the host: the server must allow that.
    await updateResource(admin.actor, "server", serverId, { config: { hostAccess: true } });
    const stack = await createResource(admin.actor, "stack", {
      name: "wh-test-slow",
      config: {
        serverId,
        files: [{ name: "compose.yaml", contents: `services:\n  app:\n    image: ${v1}\n` }],
        preDeployCommand: `echo ran >> ${marker}; sleep 6`,
      },
    });
    const { deployStack } = await import("@/lib/executions/stack");
    const { updateId } = await deployStack(admin.actor, stack.id);
    const { existsSync, readFileSync } = await import("node:fs");
    await until(async () => existsSync(marker), "the pre-deploy command to start");
    await stopAgent(agent, "SIGKILL");
    const update = await finishedUpdate(updateId, 15_000);
    expect(update.success).toBe(false);
    expect(update.error).toMatch(/agent disconnected/i);
    // The status is written first and the alert right after: wait for the second.
    await until(
      async () => ((await db.server.findUniqueOrThrow({ where: { id: serverId } })).info as { status?: string }).status === "unreachable",
      "the server to be marked unreachable",
      10_000,
    );
    await until(async () => (await openUnreachable()) === 1, "the ServerUnreachable alert", 10_000);

    agent = startAgent(core.url, stateDir); // no token: it reconnects with its stored credential
    await until(
      async () => ((await db.server.findUniqueOrThrow({ where: { id: serverId } })).info as { status?: string }).status === "ok",
      "the agent to reconnect",
    );
    await until(async () => (await openUnreachable()) === 0, "the ServerUnreachable alert to close");
    await new Promise((r) => setTimeout(r, 8_000)); // longer than the pre-deploy sleep: a re-run would have written again
    expect(readFileSync(marker, "utf8").trim().split("\n")).toEqual(["ran"]);
    expect(await db.agentCommand.count({ where: { updateId } })).toBe(1);
  });
});
