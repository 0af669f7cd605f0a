// Agent authentication edges: enrollment tokens expire, and what an agent reports is
// accepted only for its own commands, shells and requests.
import { WebSocket, WebSocketServer } from "ws";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runOnAgent } from "@/lib/agents/commands";
import { authenticateAgent, createEnrollmentToken } from "@/lib/agents/enrollment";
import { request } from "@/lib/agents/requests";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { PROTOCOL_VERSION } from "@/lib/protocol/agent";
import { getResource } from "@/lib/resources/read";
import { createResource } from "@/lib/resources/write";
import { attach, isLive } from "@/lib/terminal/sessions";
import { startCore, until } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { refusalOf } from "../helpers/refusal";

let admin: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});

describe("enrollment tokens", () => {
  it(`expire WHEELHOUSE_ENROLLMENT_TOKEN_TTL_SECONDS (default 1 h) after they are made`, async () => {
    expect(env.WHEELHOUSE_ENROLLMENT_TOKEN_TTL_SECONDS).toBe(3600);
    const serverId = (await createResource(admin.actor, "server", { name: "enroll-me" })).id;
    const before = Date.now();
    const { token, agentId, expiresAt } = await createEnrollmentToken(admin.actor, serverId);
    const { tokenExpiresAt } = await db.agent.findUniqueOrThrow({ where: { id: agentId } });
    // The page shows the person who made it until when it works.
    expect(expiresAt).toEqual(tokenExpiresAt);
    expect(tokenExpiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3600_000);
    expect(tokenExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);

    // An hour later (moved back rather than waited for): refused, and nothing is handed out.
    await db.agent.update({ where: { id: agentId }, data: { tokenExpiresAt: new Date(Date.now() - 1000) } });
    const refused = await refusalOf(authenticateAgent(token));
    expect(refused).toMatchObject({ code: "UNAUTHENTICATED", message: "This enrollment token has expired; create a new one on the server's page" });
    expect((await db.agent.findUniqueOrThrow({ where: { id: agentId } })).credentialHash).toBeNull();

    // A new token works, once.
    const second = await createEnrollmentToken(admin.actor, serverId);
    expect(await authenticateAgent(second.token)).toMatchObject({ agentId, credential: expect.stringMatching(/^wha/) });
    expect(await refusalOf(authenticateAgent(second.token))).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

/**
 * An agent speaking the protocol over a real socket, scripted by the test: it can send what
 * a real agent never would, such as replies carrying another agent's ids.
 */
async function scriptedAgent(coreUrl: string, serverName: string) {
  const serverId = (await createResource(admin.actor, "server", { name: serverName })).id;
  const { token, agentId } = await createEnrollmentToken(admin.actor, serverId);
  const received: Record<string, unknown>[] = [];
  const ws = new WebSocket(`${coreUrl.replace("http", "ws")}/api/ws/agent`, { headers: { authorization: `Bearer ${token}` } });
  ws.on("message", (raw) => received.push(JSON.parse(String(raw))));
  const send = (message: Record<string, unknown>) => ws.send(JSON.stringify(message));
  let hellos = 0;
  /** Sends a hello and waits until core has handled it: everything sent before has been handled too (one agent's messages are handled in order). */
  const barrier = async () => {
    const version = `barrier-${++hellos}`;
    send({
      type: "hello",
      protocol: PROTOCOL_VERSION,
      version,
      hostname: serverName,
      capabilities: { docker: true, compose: null, terminals: true, kubernetes: null },
    });
    await until(async () => (await db.agent.findUnique({ where: { id: agentId } }))?.version === version, `core to handle ${serverName}'s ${version}`);
  };
  const next = (type: string) =>
    until(async () => received.find((m) => m.type === type) as Record<string, string> | undefined, `${serverName} to receive ${type}`);
  await next("welcome");
  await barrier();
  const heartbeat = setInterval(() => send({ type: "heartbeat" }), 2_000);
  // Core's handling of the disconnect ends by opening the unreachable alert: wait for it, so
  // it doesn't write into the next test's emptied tables.
  const close = async () => {
    clearInterval(heartbeat);
    ws.close();
    await until(async () => db.alert.findFirst({ where: { type: "ServerUnreachable", targetId: serverId } }), `core to see ${serverName} go`);
  };
  return { agentId, serverId, send, barrier, next, close };
}

describe("agent replies", () => {
  let cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.reverse()) await fn();
    cleanup = [];
  });

  async function twoAgents() {
    const core = await startCore();
    cleanup.push(() => core.close());
    const mallory = await scriptedAgent(core.url, "mallory-host");
    const honest = await scriptedAgent(core.url, "honest-host");
    cleanup.push(mallory.close, honest.close);
    return { mallory, honest };
  }

  it("a command's progress and result are taken only from the agent it was sent to", async () => {
    const { mallory, honest } = await twoAgents();
    const update = await db.update.create({ data: { operation: "RestartContainer", targetType: "server", targetId: honest.serverId, status: "InProgress" } });
    const outcome = runOnAgent(honest.agentId, update.id, { kind: "container.action", container: "web", action: "restart", stopTimeoutSeconds: 10 });
    const { commandId } = await honest.next("command");

    mallory.send({ type: "command.ack", commandId, duplicate: true });
    mallory.send({ type: "command.stage", commandId, stage: "forged", command: "rm -rf /", status: "start" });
    mallory.send({ type: "command.log", commandId, stage: "forged", stream: "stdout", line: "forged output" });
    mallory.send({ type: "command.result", commandId, success: true, result: { forged: true } });
    await mallory.barrier();

    honest.send({ type: "command.result", commandId, success: false, error: "the real outcome" });
    expect(await outcome).toMatchObject({ success: false, error: "the real outcome" });
    const logs = await db.updateLog.findMany({ where: { updateId: update.id } });
    expect(logs.map((l) => l.stage)).not.toContain("forged");
    expect(logs.map((l) => l.stdout).join("")).not.toContain("forged output");
  });

  it("a request's data and end are taken only from the agent it was sent to", async () => {
    const { mallory, honest } = await twoAgents();
    const lines: string[] = [];
    const { done } = await request(honest.agentId, { type: "logs.request", source: { kind: "container", container: "web" }, tail: 10, follow: false }, (data) =>
      lines.push(...(data as string[])),
    );
    const { requestId } = await honest.next("logs.request");

    mallory.send({ type: "logs.data", requestId, lines: ["forged line"] });
    mallory.send({ type: "logs.end", requestId, error: "forged end" });
    await mallory.barrier();

    honest.send({ type: "logs.data", requestId, lines: ["real line"] });
    honest.send({ type: "logs.end", requestId });
    await done;
    expect(lines).toEqual(["real line"]);
  });

  it("a shell's output and exit are taken only from the agent running it", async () => {
    const { mallory, honest } = await twoAgents();
    // A real browser-side socket pair: core holds one end, the "browser" reads the other.
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => wss.once("listening", resolve));
    cleanup.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    const serverSide = new Promise<WebSocket>((resolve) => wss.once("connection", resolve));
    const browser = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
    cleanup.push(() => browser.close());
    const seen: string[] = [];
    browser.on("message", (raw) => seen.push(String(raw)));
    const sessionId = "shell-of-honest";
    attach(sessionId, honest.agentId, await serverSide, { target: { kind: "host" }, cols: 80, rows: 24, idleTimeoutSeconds: 300 });
    await honest.next("terminal.open");

    mallory.send({ type: "terminal.output", sessionId, data: Buffer.from("forged prompt$ ").toString("base64") });
    mallory.send({ type: "terminal.exit", sessionId, code: 0, reason: "forged exit" });
    await mallory.barrier();
    expect(isLive(sessionId)).toBe(true);

    honest.send({ type: "terminal.output", sessionId, data: Buffer.from("real prompt$ ").toString("base64") });
    await until(async () => seen.length > 0, "the browser to get the shell's output");
    expect(seen).toEqual(["real prompt$ "]);
  });
});

describe("agent protocol version", () => {
  let cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.reverse()) await fn();
    cleanup = [];
  });

  it("an agent whose hello carries another protocol is refused with an upgrade message, and the Server page shows why", async () => {
    const core = await startCore();
    cleanup.push(() => core.close());
    const serverId = (await createResource(admin.actor, "server", { name: "old-agent-host" })).id;
    const { token, agentId } = await createEnrollmentToken(admin.actor, serverId);
    const ws = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/agent`, { headers: { authorization: `Bearer ${token}` } });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    const received: { type: string }[] = [];
    ws.on("message", (raw) => received.push(JSON.parse(String(raw))));
    await until(async () => received.some((m) => m.type === "welcome"), "the welcome");
    const old = PROTOCOL_VERSION - 1;
    ws.send(
      JSON.stringify({
        type: "hello",
        protocol: old,
        version: "0.0.1-old",
        hostname: "old-agent-host",
        capabilities: { docker: true, compose: null, terminals: true, kubernetes: null },
      }),
    );
    // What an old agent sends next must not be taken as if it spoke this protocol.
    ws.send(
      JSON.stringify({
        type: "stats",
        sample: { at: new Date().toISOString(), cpuPercent: 1, load: [0, 0, 0], memTotalBytes: 1, memUsedBytes: 1, disks: [], netRxBytes: 0, netTxBytes: 0 },
      }),
    );

    const reason = `Agent protocol ${old} is not supported by this core (protocol ${PROTOCOL_VERSION}): upgrade the agent to the core's version`;
    expect(await closed).toEqual({ code: 4426, reason });
    // The Server's status says so where the page shows the agent (info.status / info.reason).
    const server = await until(async () => {
      const view = await getResource(admin.actor, "server", serverId);
      return (view.info as { reason?: string }).reason === reason ? view : null;
    }, "the refusal on the Server's status");
    expect(server.info).toMatchObject({ status: "unreachable", reason });
    // Handled as a lost agent: the alert says why (and is written before the next test empties the tables).
    const alert = await until(async () => db.alert.findFirst({ where: { type: "ServerUnreachable", targetId: serverId } }), "the unreachable alert");
    expect(alert.message).toBe(`Lost the agent of old-agent-host: ${reason}`);
    // Nothing of the refused hello was recorded as the agent's, and no stats were stored.
    expect((await db.agent.findUniqueOrThrow({ where: { id: agentId } })).version).not.toBe("0.0.1-old");
    expect(await db.serverStat.count({ where: { serverId } })).toBe(0);
  });

  it("a hello of a newer protocol is refused even when it doesn't fit this core's hello schema", async () => {
    const core = await startCore();
    cleanup.push(() => core.close());
    const serverId = (await createResource(admin.actor, "server", { name: "new-agent-host" })).id;
    const { token } = await createEnrollmentToken(admin.actor, serverId);
    const ws = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/agent`, { headers: { authorization: `Bearer ${token}` } });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    await new Promise((resolve) => ws.once("open", resolve));
    ws.send(JSON.stringify({ type: "hello", protocol: PROTOCOL_VERSION + 1, agent: { release: "2.0.0" } }));
    const reason = `Agent protocol ${PROTOCOL_VERSION + 1} is not supported by this core (protocol ${PROTOCOL_VERSION}): upgrade the agent to the core's version`;
    expect(await closed).toEqual({ code: 4426, reason });
    await until(
      async () => db.alert.findFirst({ where: { type: "ServerUnreachable", targetId: serverId, message: { contains: reason } } }),
      "the refusal on the Server's alert",
    );
  });
});
