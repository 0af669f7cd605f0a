// What core does with a Sync read's replies when the agent is old, broken or hostile: agents
// scripted over a real socket to a real core send what a real agent never would.
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { PROTOCOL_VERSION } from "@/lib/protocol/agent";
import { createResource } from "@/lib/resources/write";
import { readSyncSource } from "@/lib/sync/source";
import { startCore, until } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { refusalOf } from "../helpers/refusal";

let admin: TestUser;
let core: Awaited<ReturnType<typeof startCore>>;
const closers: (() => Promise<void>)[] = [];

type Received = Record<string, unknown> & { type: string; requestId?: string };

/** An agent that says hello with the given capabilities and then does only what the test sends. */
async function scriptedAgent(name: string, syncRead: boolean) {
  const serverId = (await createResource(admin.actor, "server", { name })).id;
  const { token, agentId } = await createEnrollmentToken(admin.actor, serverId);
  const received: Received[] = [];
  const ws = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/agent`, { headers: { authorization: `Bearer ${token}` } });
  ws.on("message", (raw) => received.push(JSON.parse(String(raw)) as Received));
  const send = (message: Record<string, unknown>) => ws.send(JSON.stringify(message));
  await until(async () => received.some((m) => m.type === "welcome"), `${name} to be welcomed`);
  const capabilities = { docker: true, compose: null, terminals: true, kubernetes: null, ...(syncRead ? { syncRead } : {}) };
  let hellos = 0;
  /** Says hello again and waits until core handled it: what this agent sent before has been handled too (in order). */
  const barrier = async () => {
    const version = `scripted-${++hellos}`;
    send({ type: "hello", protocol: PROTOCOL_VERSION, version, hostname: name, capabilities });
    await until(async () => (await db.agent.findUnique({ where: { id: agentId } }))?.version === version, `core to handle ${name}'s ${version}`);
  };
  await barrier();
  const heartbeat = setInterval(() => send({ type: "heartbeat" }), 2_000);
  closers.push(async () => {
    clearInterval(heartbeat);
    ws.close();
    await until(async () => db.alert.findFirst({ where: { type: "ServerUnreachable", targetId: serverId } }), `core to see ${name} go`);
  });
  const request = () => until(async () => received.find((m) => m.type === "sync.read.request"), `${name} to be asked for the files`);
  return { serverId, send, request, barrier };
}

const gitSync = (serverId: string) =>
  createResource(admin.actor, "sync", { name: `sync-${serverId}`, config: { source: "git", serverId, repoUrl: "git://127.0.0.1:1/never.git" } });

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  core = await startCore();
}, 60_000);

afterAll(async () => {
  for (const close of closers) await close();
  await core?.close();
});

it("refuses at once, saying to upgrade, when the Server's agent is too old to read a Sync's files", async () => {
  const old = await scriptedAgent("old-host", false);
  const s = await gitSync(old.serverId);
  const refusal = await refusalOf(readSyncSource(admin.actor, s.id));
  expect(refusal).toMatchObject({
    code: "CONFLICT",
    message: "Server old-host's agent is older than this core and can't read a Sync's files: upgrade the agent",
  });
});

it("refuses a reply that lost a file, rather than planning from part of the source", async () => {
  const broken = await scriptedAgent("broken-host", true);
  const s = await gitSync(broken.serverId);
  const reading = refusalOf(readSyncSource(admin.actor, s.id));
  const { requestId } = await broken.request();
  broken.send({ type: "sync.read.data", requestId, chunks: [{ path: "a.toml", contents: "# a\n", more: false }] });
  broken.send({ type: "sync.read.end", requestId, files: 2, commit: "abc" });
  expect(await reading).toMatchObject({
    code: "INTERNAL",
    message: "Server broken-host's agent sent a bad reply: The agent's reply was incomplete: 1 of 2 files arrived",
  });
});

it("turns the agent's failure into an error on the Sync's field", async () => {
  const agent = await scriptedAgent("failing-host", true);
  const s = await gitSync(agent.serverId);
  const reading = refusalOf(readSyncSource(admin.actor, s.id));
  const { requestId } = await agent.request();
  agent.send({ type: "sync.read.end", requestId, files: 0, error: "Path x does not exist in the repository", failure: "source", field: "paths" });
  expect(await reading).toEqual(
    expect.objectContaining({
      code: "CONFLICT",
      message: "Path x does not exist in the repository",
      fields: { "config.paths": ["Path x does not exist in the repository"] },
    }),
  );
});

it("drops files another agent sends under a read that isn't its own", async () => {
  const honest = await scriptedAgent("honest-host", true);
  const mallory = await scriptedAgent("mallory-host", true);
  const s = await gitSync(honest.serverId);
  const reading = readSyncSource(admin.actor, s.id);
  const { requestId } = await honest.request();
  mallory.send({ type: "sync.read.data", requestId, chunks: [{ path: "evil.toml", contents: '[[server]]\nname = "evil"\n', more: false }] });
  mallory.send({ type: "sync.read.end", requestId, files: 1 });
  await mallory.barrier();
  honest.send({ type: "sync.read.data", requestId, chunks: [{ path: "good.toml", contents: "# good\n", more: false }] });
  honest.send({ type: "sync.read.end", requestId, files: 1, commit: "c0ffee", message: "good" });
  expect(await reading).toEqual({ files: [{ path: "good.toml", contents: "# good\n" }], commit: "c0ffee", message: "good" });
});
