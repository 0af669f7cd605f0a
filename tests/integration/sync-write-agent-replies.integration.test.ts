// What core does with a managed Sync's write-back (lib/sync/write-back.ts) when the Server's agent
// is old, fails, or another agent forges its answer: agents scripted over a real socket to a real
// core. The change is saved only with the commit its own agent pushed.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createResource, updateResource } from "@/lib/resources/write";
import { SYNCED_BY } from "@/lib/sync/world";
import { logText, startCore } from "../helpers/core-agent";
import { scriptedAgent as scripted } from "../helpers/scripted-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { refusalOf } from "../helpers/refusal";

let admin: TestUser;
let core: Awaited<ReturnType<typeof startCore>>;
const closers: (() => Promise<void>)[] = [];

/** An agent that reads Sync sources, and reports syncWrite or not. */
async function scriptedAgent(name: string, syncWrite: boolean) {
  const { serverId, send, asked, barrier } = await scripted(core.url, admin.actor, name, { syncRead: true, ...(syncWrite ? { syncWrite } : {}) }, closers);
  /** Answers the read with one file, at commit `base1`. */
  const answerRead = async (contents: string) => {
    const { requestId } = await asked("sync.read.request");
    send({ type: "sync.read.data", requestId, chunks: [{ path: "vars.toml", contents, more: false }] });
    send({ type: "sync.read.end", requestId, files: 1, commit: "base1", message: "read" });
  };
  return { serverId, send, asked, answerRead, barrier };
}

const DECLARED = '# vars\n[[variable]]\nname = "NAME"\nvalue = "a"\n';

/** A variable owned by a managed git Sync on the agent's Server. */
async function owned(name: string, serverId: string) {
  const sync = await createResource(admin.actor, "sync", {
    name: `sync-${name}`,
    config: { source: "git", serverId, repoUrl: "git://127.0.0.1:1/never.git", managed: true },
  });
  const variable = await createResource(admin.actor, "variable", { name, config: { value: "a" } });
  // As a sync's execute leaves it (apply.ts markSynced).
  await db.variable.update({ where: { id: variable.id }, data: { info: { [SYNCED_BY]: sync.id } } });
  return variable.id;
}

const valueOf = async (id: string) => ((await db.variable.findUniqueOrThrow({ where: { id } })).config as { value: string }).value;

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  core = await startCore();
}, 60_000);

afterAll(async () => {
  for (const close of closers) await close();
  await core?.close();
});

it("saves the change with the commit its own agent pushed, dropping another agent's forged answer", async () => {
  const honest = await scriptedAgent("wb-honest", true);
  const mallory = await scriptedAgent("wb-mallory", true);
  const id = await owned("wb_var", honest.serverId);
  const updating = refusalOf(updateResource(admin.actor, "variable", id, { config: { value: "b" } }));
  await honest.answerRead(DECLARED.replace("NAME", "wb_var"));
  const write = await honest.asked("sync.write.request");
  expect(write).toMatchObject({
    syncId: expect.any(String),
    path: "vars.toml",
    contents: '# vars\n[[variable]]\nname = "wb_var"\nvalue = "b"\n',
    base: "base1",
    message: `Update variable wb_var (${admin.actor.username}, via Wheelhouse)`,
    git: { remote: "git://127.0.0.1:1/never.git", branch: "main", auth: { kind: "none" } },
  });
  mallory.send({ type: "sync.write.end", requestId: write.requestId, error: "forged: refuse it" });
  await mallory.barrier();
  honest.send({ type: "sync.write.end", requestId: write.requestId, commit: "c0ffee1234567890" });
  expect(await updating).toBeNull();
  expect(await valueOf(id)).toBe("b");
  const update = await db.update.findFirstOrThrow({ where: { targetId: id, operation: "UpdateVariable" }, include: { logs: true } });
  expect(logText(update)).toContain("Committed to sync sync-wb_var's repository as c0ffee123456: vars.toml");
});

it("refuses the change with the agent's reason, saving nothing", async () => {
  const agent = await scriptedAgent("wb-failing", true);
  const id = await owned("wb_fail", agent.serverId);
  const updating = refusalOf(updateResource(admin.actor, "variable", id, { config: { value: "b" } }));
  await agent.answerRead(DECLARED.replace("NAME", "wb_fail"));
  const { requestId } = await agent.asked("sync.write.request");
  agent.send({ type: "sync.write.end", requestId, error: "git push origin HEAD:refs/heads/main failed (exit 128): permission denied" });
  expect(await updating).toMatchObject({
    code: "UPSTREAM_FAILED",
    message:
      "Sync sync-wb_fail's repository could not be written back, so the change was not saved: git push origin HEAD:refs/heads/main failed (exit 128): permission denied",
  });
  expect(await valueOf(id)).toBe("a");
});

it("refuses when the sync's files don't declare the resource, or the agent is too old to write", async () => {
  const agent = await scriptedAgent("wb-lost", true);
  const lost = await owned("wb_lost", agent.serverId);
  const updating = refusalOf(updateResource(admin.actor, "variable", lost, { config: { value: "b" } }));
  await agent.answerRead(DECLARED.replace("NAME", "someone_else"));
  expect(await updating).toMatchObject({
    code: "CONFLICT",
    message: "Variable wb_lost is managed by sync sync-wb_lost, but its [[variable]] entry was not found in the sync's files: the change was not saved",
  });
  expect(await valueOf(lost)).toBe("a");

  const old = await scriptedAgent("wb-old", false);
  const id = await owned("wb_old", old.serverId);
  const refusing = refusalOf(updateResource(admin.actor, "variable", id, { config: { value: "b" } }));
  await old.answerRead(DECLARED.replace("NAME", "wb_old"));
  expect(await refusing).toMatchObject({
    code: "CONFLICT",
    message: "Sync sync-wb_old's server agent is older than this core and can't commit to its repository: upgrade the agent",
  });
  expect(await valueOf(id)).toBe("a");
});
