// What core does with a Sync read's replies when the agent is old, broken or hostile: agents
// scripted over a real socket to a real core send what a real agent never would.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createResource } from "@/lib/resources/write";
import { readSyncSource } from "@/lib/sync/source";
import { startCore } from "../helpers/core-agent";
import { scriptedAgent as scripted } from "../helpers/scripted-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { refusalOf } from "../helpers/refusal";

let admin: TestUser;
let core: Awaited<ReturnType<typeof startCore>>;
const closers: (() => Promise<void>)[] = [];

/** An agent reporting syncRead or not, asked for a Sync's files. */
async function scriptedAgent(name: string, syncRead: boolean) {
  const agent = await scripted(core.url, admin.actor, name, syncRead ? { syncRead } : {}, closers);
  return { ...agent, request: () => agent.asked("sync.read.request") };
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
