// Executions always end (issue 8 §7, issue 11), with core as its own process that a test can
// kill: a core killed mid-deploy is taken over when the agent reconnects, and the Update ends with
// what the agent did (run once); an Update a dead core left with nothing in flight fails with the
// reason; deadlines are enforced from the database; a failed database write while settling still
// ends the Update; and two executions of one Stack never run at once.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { INTERRUPTED_BY_RESTART } from "@/lib/executions/recovery";
import { createResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { freePorts } from "@/agent/docker/test-support";
import { finishedUpdate, logText, startAgent, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { startCoreProcess, type CoreProcess } from "../helpers/core-process";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { heldAtGate, heldCompose, openGate, removeProject } from "../helpers/held-stack";

const stateDir = mkdtempSync(path.join(os.tmpdir(), "wh-agent-"));
const project = `wh-test-ends-${Date.now().toString(36)}`;
let port: number;
let core: CoreProcess;
let agent: AgentProcess;
let admin: TestUser;
let serverId: string;
let stackId: string;

const serverStatus = async () => ((await db.server.findUniqueOrThrow({ where: { id: serverId } })).info as { status?: string })?.status;
/** What the agent's on-disk journal says about a command (agent/journal.ts). */
const journal = () => JSON.parse(readFileSync(path.join(stateDir, "journal.json"), "utf8")) as Record<string, { status: string }>;
const journalStatus = (key: string) => journal()[key]?.status;
const journalCount = () => Object.keys(journal()).length;
const agentRow = async () => db.agent.findUniqueOrThrow({ where: { id: (await db.server.findUniqueOrThrow({ where: { id: serverId } })).agentId! } });
const updateOf = (id: string) => db.update.findUniqueOrThrow({ where: { id } });

/** Starts a deploy of the stack that stays in flight until the test opens its gate. */
async function heldDeploy(): Promise<string> {
  await removeProject(project);
  const res = await core.execute(admin.key, "stacks", stackId, "deploy");
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  await heldAtGate(project);
  return res.json.updateId as string;
}

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  const [free] = await freePorts(1);
  if (!free) throw new Error("freePorts(1) gave no port");
  port = free;
  core = await startCoreProcess(port);
  serverId = (await createResource(admin.actor, "server", { name: "ends-host" })).id;
  agent = startAgent(core.url, stateDir, (await createEnrollmentToken(admin.actor, serverId)).token);
  await until(async () => (await serverStatus()) === "ok", `the agent to connect:\n${agent.output()}`);
  stackId = (
    await createResource(admin.actor, "stack", {
      name: project,
      config: {
        serverId,
        files: [{ name: "compose.yaml", contents: heldCompose() }],
      },
    })
  ).id;
}, 600_000);

afterEach(async () => {
  // Whatever a test left running ends, so that the next one starts from nothing in flight.
  await openGate(project).catch(() => {});
  await until(async () => (await db.update.count({ where: { status: "InProgress" } })) === 0, "every update to end", 60_000);
});

afterAll(async () => {
  await removeProject(project);
  if (agent) await stopAgent(agent);
  await core?.kill();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("a core restart", () => {
  it("a core killed mid-deploy: the agent comes back, the command is not run again, and the Update ends with the agent's outcome", async () => {
    const updateId = await heldDeploy();
    await core.kill("SIGKILL");
    // The kill really left it in flight: nothing else would end it now.
    expect((await updateOf(updateId)).status).toBe("InProgress");
    const command = await db.agentCommand.findFirstOrThrow({ where: { updateId } });
    expect(command.status).toMatch(/sent|acked/);

    const restartedAt = new Date();
    core = await startCoreProcess(port);
    await until(async () => ((await agentRow()).connectedAt ?? 0) >= restartedAt, `the agent to reconnect:\n${agent.output()}`, 60_000);
    // Redelivered to the reconnected agent, which knows it is still running it: nothing ends yet.
    expect((await updateOf(updateId)).status).toBe("InProgress");

    await openGate(project);
    const update = await finishedUpdate(updateId, 60_000);
    expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
    const ended = await db.agentCommand.findUniqueOrThrow({ where: { id: command.id } });
    expect(ended.status).toBe("done");
    expect(ended.spec).toBeNull();
    expect(journalStatus(command.idempotencyKey)).toBe("done");
    // Run once: it is still the only command this agent's journal has ever started.
    expect(journalCount()).toBe(1);

    // Nothing stale blocks the stack: a new deploy runs to the end.
    const res = await core.execute(admin.key, "stacks", stackId, "deploy");
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const next = await finishedUpdate(res.json.updateId as string);
    expect(next.success, `${next.error}\n${logText(next)}`).toBe(true);
  });

  it("an Update a dead core left with no command in flight ends failed with the reason", async () => {
    // As a core that died between writing the Update and sending its command leaves it.
    const gone = await db.coreNode.create({ data: { id: "dead-core", hostname: "h", pid: 1, lastSeenAt: new Date(Date.now() - 3_600_000) } });
    const orphan = await db.update.create({
      data: { operation: "DeployStack", targetType: "stack", targetId: stackId, status: "InProgress", coreId: gone.id },
    });
    const update = await finishedUpdate(orphan.id, 30_000);
    expect(update.success).toBe(false);
    expect(update.error).toBe(INTERRUPTED_BY_RESTART);
  });
});

describe("deadlines", () => {
  it("ends a command whose deadline in the database has passed, with its Update", async () => {
    const updateId = await heldDeploy();
    // The deadline on the row is what counts, not a timer in the process that sent it.
    await db.agentCommand.updateMany({ where: { updateId }, data: { deadline: new Date(Date.now() - 1000) } });
    const update = await finishedUpdate(updateId, 30_000);
    expect(update.success).toBe(false);
    expect(update.error).toMatch(/Timed out after \d+ s without a result from the agent/);
    expect((await db.agentCommand.findFirstOrThrow({ where: { updateId } })).status).toBe("timed-out");
  });
});

describe("settling", () => {
  it("ends the Update even when recording the command's end fails in the database", async () => {
    // A real refusal from PostgreSQL for the one write that settles a command.
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION wh_test_refuse_settle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$`,
    );
    await db.$executeRawUnsafe(
      `CREATE TRIGGER wh_test_refuse_settle BEFORE UPDATE ON "AgentCommand" FOR EACH ROW WHEN (NEW.status IN ('done', 'failed')) EXECUTE FUNCTION wh_test_refuse_settle()`,
    );
    try {
      const updateId = await heldDeploy();
      await openGate(project);
      const update = await finishedUpdate(updateId, 60_000);
      expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
      expect((await db.agentCommand.findFirstOrThrow({ where: { updateId } })).status).not.toMatch(/done|failed/);
      await until(async () => /could not record the end of agent command/.test(core.output()), "core to log the failed write");
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS wh_test_refuse_settle ON "AgentCommand"`);
      await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS wh_test_refuse_settle()`);
    }
  });
});

describe("one execution per Stack at a time", () => {
  it("refuses a second execution while one runs, with CONFLICT naming the running one", async () => {
    const updateId = await heldDeploy();
    const before = await db.update.count();
    for (const operation of ["deploy", "restart"]) {
      const res = await core.execute(admin.key, "stacks", stackId, operation);
      expect(res.status).toBe(409);
      const error = res.json.error as { code: string; message: string };
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toContain(`already running DeployStack (update ${updateId}`);
      expect(error.message).toContain(admin.username);
    }
    expect(await db.update.count()).toBe(before);
    await openGate(project);
    expect((await finishedUpdate(updateId)).success).toBe(true);
  });

  it("lets exactly one of two simultaneous deploys start", async () => {
    await removeProject(project);
    const results = await Promise.all([1, 2].map(() => core.execute(admin.key, "stacks", stackId, "deploy")));
    expect(results.map((r) => r.status).sort()).toEqual([202, 409]);
    const accepted = results.find((r) => r.status === 202)!;
    expect(await db.update.count({ where: { targetId: stackId, status: "InProgress" } })).toBe(1);
    await openGate(project);
    expect((await finishedUpdate(accepted.json.updateId as string)).success).toBe(true);
  });
});
