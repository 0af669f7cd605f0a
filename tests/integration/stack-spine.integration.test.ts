// Compose stacks through core and a real agent: two services from two files come up, a
// broken compose file fails clearly without touching the running stack, and destroy takes
// everything down.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { tailLogs } from "@/lib/executions/logs";
import { deployStack, stackAction } from "@/lib/executions/stack";
import { createResource, updateResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { docker } from "@/agent/docker/client";
import { finishedUpdate, logText, startAgent, startCore, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

const stateDir = mkdtempSync(path.join(os.tmpdir(), "wh-agent-"));
const project = `wh-test-stack-${Date.now().toString(36)}`;
let core: Awaited<ReturnType<typeof startCore>>;
let agent: AgentProcess;
let admin: TestUser;
let stackId: string;

const base = `services:\n  web:\n    image: local/busybox:1\n    command: ["sh", "-c", "echo web up; exec sleep 3600"]\n    stop_grace_period: 1s\n`;
const extra = `services:\n  worker:\n    image: local/busybox:1\n    command: ["sh", "-c", "echo worker up; exec sleep 3600"]\n    stop_grace_period: 1s\n  web:\n    environment:\n      ROLE: "[[role]]"\n`;

const projectContainers = () => docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  core = await startCore();
  const serverId = (await createResource(admin.actor, "server", { name: "stack-host" })).id;
  agent = startAgent(core.url, stateDir, (await createEnrollmentToken(admin.actor, serverId)).token);
  await until(
    async () => ((await db.server.findUniqueOrThrow({ where: { id: serverId } })).info as { status?: string }).status === "ok",
    "the agent to connect",
  );
  await createResource(admin.actor, "variable", { name: "role", config: { value: "frontend" } });
  stackId = (
    await createResource(admin.actor, "stack", {
      name: project,
      config: {
        serverId,
        files: [
          { name: "compose.yaml", contents: base },
          { name: "compose.override.yaml", contents: extra },
        ],
      },
    })
  ).id;
}, 600_000);

afterAll(async () => {
  // Whatever the tests left, by the ids Docker gives for this test's own project.
  for (const c of await projectContainers().catch(() => []))
    await docker()
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => {});
  if (agent) await stopAgent(agent);
  await core?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

it("brings up two services merged from two files, with variables interpolated", async () => {
  const update = await finishedUpdate((await deployStack(admin.actor, stackId)).updateId);
  expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
  const containers = await projectContainers();
  const services = Object.fromEntries(containers.map((c) => [c.Labels["com.docker.compose.service"], c]));
  expect(Object.keys(services).sort()).toEqual(["web", "worker"]);
  expect(containers.every((c) => c.State === "running")).toBe(true);
  const web = await docker().getContainer(services.web.Id).inspect();
  expect(web.Config.Env).toContain("ROLE=frontend");
  await until(async () => {
    const info = (await db.stack.findUniqueOrThrow({ where: { id: stackId } })).info as { services?: Record<string, string> };
    return info.services?.web === "running" && info.services?.worker === "running";
  }, "per-service state from Docker events");
  await until(
    async () => (await tailLogs(admin.actor, "stack", stackId, { tail: "20", service: "worker" })).lines.includes("worker up"),
    "the worker service's logs",
  );
});

it("refuses invalid compose YAML with a clear error and leaves the stack running", async () => {
  const before = (await projectContainers()).map((c) => c.Id).sort();
  await updateResource(admin.actor, "stack", stackId, { config: { files: [{ name: "compose.yaml", contents: "services:\n  web: [unclosed\n" }] } });
  const update = await finishedUpdate((await deployStack(admin.actor, stackId)).updateId);
  expect(update.success).toBe(false);
  expect(update.error).toMatch(/compose\.yaml/);
  const after = await projectContainers();
  expect(after.map((c) => c.Id).sort()).toEqual(before);
  expect(after.every((c) => c.State === "running")).toBe(true);
  await updateResource(admin.actor, "stack", stackId, {
    config: {
      files: [
        { name: "compose.yaml", contents: base },
        { name: "compose.override.yaml", contents: extra },
      ],
    },
  });
});

it("destroy takes every service down", async () => {
  const update = await finishedUpdate((await stackAction(admin.actor, stackId, "destroy", { removeOrphans: true })).updateId);
  expect(update.success, update.error ?? "").toBe(true);
  expect(await projectContainers()).toEqual([]);
});

it("revoking the agent disconnects it and keeps it out", async () => {
  const { revokeAgent } = await import("@/lib/agents/enrollment");
  const server = await db.server.findFirstOrThrow({ where: { name: "stack-host" } });
  await revokeAgent(admin.actor, server.id);
  await until(
    async () => ((await db.server.findUniqueOrThrow({ where: { id: server.id } })).info as { status?: string }).status === "unreachable",
    "the server to be unreachable",
  );
  // It keeps trying with its stored credential, and core keeps refusing it.
  await until(async () => /4401/.test(agent.output()), "a refused reconnect", 15_000);
  expect(((await db.server.findUniqueOrThrow({ where: { id: server.id } })).info as { status?: string }).status).toBe("unreachable");
});
