// An agent's replies about a command are handled in order, one at a time; a stage's end is
// written behind the Update's other progress, so the command's result, next in line, is not held
// up by that write — and the Update still ends only after it, with the stage and its lines.
import { WebSocket } from "ws";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runOnAgent } from "@/lib/agents/commands";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { finishExecution, startExecution } from "@/lib/updates/progress";
import { createResource } from "@/lib/resources/write";
import { startCore, until } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

let admin: TestUser;
let core: Awaited<ReturnType<typeof startCore>>;
beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  core = await startCore();
});
afterAll(() => core?.close());

/** An agent speaking the protocol over a real socket, scripted by the test. */
async function scriptedAgent(name: string) {
  const serverId = (await createResource(admin.actor, "server", { name })).id;
  const { token, agentId } = await createEnrollmentToken(admin.actor, serverId);
  const ws = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/agent`, { headers: { authorization: `Bearer ${token}` } });
  const received: { type: string; commandId?: string }[] = [];
  ws.on("message", (raw) => received.push(JSON.parse(String(raw))));
  const send = (message: Record<string, unknown>) => ws.send(JSON.stringify(message));
  await until(async () => received.some((m) => m.type === "welcome"), "the welcome");
  const command = async () => (await until(async () => received.find((m) => m.type === "command"), "the command")).commandId!;
  return { serverId, agentId, send, command, close: () => ws.close() };
}

/** Holds `lock` in a transaction of its own until `release()`. */
async function holding(lock: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) => Promise<unknown>) {
  let locked = () => {};
  let release = () => {};
  const held = new Promise<void>((resolve) => (locked = resolve));
  const done = db.$transaction(
    async (tx) => {
      await lock(tx);
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    },
    { timeout: 60_000 },
  );
  await held;
  return { release: () => release(), done };
}

it("handles a command's result while its stages wait for the database, and ends the Update after them, with their lines", async () => {
  const agent = await scriptedAgent("lane-host-2");
  let holder: Awaited<ReturnType<typeof holding>> | undefined;
  try {
    const { id: updateId } = await startExecution(admin.actor, "Prune", { type: "server", id: agent.serverId, name: "lane-host-2" });
    const outcome = runOnAgent(agent.agentId, updateId, { kind: "docker.prune", what: "images" });
    const commandId = await agent.command();
    agent.send({ type: "command.ack", commandId, duplicate: false });
    // Someone else holds the table: no stage row can be written until they let go.
    holder = await holding((tx) => tx.$executeRaw`LOCK TABLE "UpdateLog" IN SHARE MODE`);
    agent.send({ type: "command.stage", commandId, stage: "prune", command: "docker image prune", status: "start" });
    agent.send({ type: "command.log", commandId, stage: "prune", stream: "stdout", line: "Total reclaimed space: 0B" });
    agent.send({ type: "command.stage", commandId, stage: "prune", command: "docker image prune", status: "end", success: true });
    agent.send({ type: "command.result", commandId, success: true, result: { reclaimed: 0 } });

    await until(async () => (await db.agentCommand.findUniqueOrThrow({ where: { id: commandId } })).status === "done", "the command's result", 10_000);
    expect(await outcome).toEqual({ success: true, error: undefined, result: { reclaimed: 0 } });
    expect(await db.updateLog.count({ where: { updateId } })).toBe(0);

    const finished = finishExecution(updateId, true);
    holder.release();
    await holder.done;
    await finished;
    const logs = await db.updateLog.findMany({ where: { updateId } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ stage: "prune", command: "docker image prune", stdout: "Total reclaimed space: 0B\n", success: true });
    expect(await db.update.findUniqueOrThrow({ where: { id: updateId } })).toMatchObject({ status: "Complete", success: true });
  } finally {
    holder?.release();
    agent.close();
  }
});

it("handles a command's result while its last stage's end waits for the database, and ends the Update after that end", async () => {
  const serverId = (await createResource(admin.actor, "server", { name: "lane-host" })).id;
  const { token, agentId } = await createEnrollmentToken(admin.actor, serverId);
  // An agent speaking the protocol over a real socket, scripted by the test.
  const ws = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/agent`, { headers: { authorization: `Bearer ${token}` } });
  const received: { type: string; commandId?: string }[] = [];
  ws.on("message", (raw) => received.push(JSON.parse(String(raw))));
  const send = (message: Record<string, unknown>) => ws.send(JSON.stringify(message));
  await until(async () => received.some((m) => m.type === "welcome"), "the welcome");
  let release = () => {};
  try {
    const { id: updateId } = await startExecution(admin.actor, "Prune", { type: "server", id: serverId, name: "lane-host" });
    const outcome = runOnAgent(agentId, updateId, { kind: "docker.prune", what: "images" });
    const { commandId } = await until(async () => received.find((m) => m.type === "command"), "the command");
    send({ type: "command.ack", commandId, duplicate: false });
    send({ type: "command.stage", commandId, stage: "prune", command: "docker image prune", status: "start" });
    const stage = await until(() => db.updateLog.findFirst({ where: { updateId, stage: "prune" } }), "the stage's row");

    // Someone else holds the stage's row: its end can't be written until they let go.
    let locked = () => {};
    const held = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "UpdateLog" WHERE id = ${stage.id} FOR UPDATE`;
        locked();
        await new Promise<void>((resolve) => (release = resolve));
      },
      { timeout: 60_000 },
    );
    await held;
    send({ type: "command.log", commandId, stage: "prune", stream: "stdout", line: "Total reclaimed space: 0B" });
    send({ type: "command.stage", commandId, stage: "prune", command: "docker image prune", status: "end", success: true });
    send({ type: "command.result", commandId, success: true, result: { reclaimed: 0 } });

    // The result is recorded and handed to the caller while the stage's end still waits.
    await until(async () => (await db.agentCommand.findUniqueOrThrow({ where: { id: commandId } })).status === "done", "the command's result", 10_000);
    expect(await outcome).toEqual({ success: true, error: undefined, result: { reclaimed: 0 } });
    expect(await db.updateLog.findUniqueOrThrow({ where: { id: stage.id } })).toMatchObject({ endedAt: null, stdout: "" });

    // The Update's end comes after the stage's, which lands with its line once the row is free.
    const finished = finishExecution(updateId, true);
    release();
    await holder;
    await finished;
    expect(await db.updateLog.findUniqueOrThrow({ where: { id: stage.id } })).toMatchObject({ stdout: "Total reclaimed space: 0B\n", success: true });
    expect(await db.update.findUniqueOrThrow({ where: { id: updateId } })).toMatchObject({ status: "Complete", success: true });
  } finally {
    release();
    ws.close();
  }
});
