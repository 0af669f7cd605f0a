// A Sync's files read through an agent connected to another core: the request crosses to that
// core and the agent's pages come back through PostgreSQL (forward.ts), a big one by way of a
// spill, and arrive whole and in order; a managed Sync's write-back crosses the same way, its
// commit coming back to the core that holds the change's transaction. This test process is one
// core; core B is its own process.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePorts } from "@/agent/docker/test-support";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { CORE_ID } from "@/lib/cluster/nodes";
import { startClusterBus } from "@/lib/cluster/notify";
import { db } from "@/lib/db";
import { createResource, updateResource } from "@/lib/resources/write";
import { readSyncSource } from "@/lib/sync/source";
import { SYNCED_BY } from "@/lib/sync/world";
import { startAgent, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { startCoreProcess, type CoreProcess } from "../helpers/core-process";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

let b: CoreProcess | undefined;
let agent: AgentProcess | undefined;
let stopBus: (() => Promise<void>) | undefined;
let admin: TestUser;
let serverId: string;
const dirs = [mkdtempSync(path.join(os.tmpdir(), "wh-sync-cores-agent-")), mkdtempSync(path.join(os.tmpdir(), "wh-sync-cores-host-"))] as const;

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  stopBus = startClusterBus();
  const [port] = await freePorts(1);
  b = await startCoreProcess(port!);
  serverId = (await createResource(admin.actor, "server", { name: "far-host", config: { allowedHostPaths: [dirs[1]] } })).id;
  agent = startAgent(b.url, dirs[0], (await createEnrollmentToken(admin.actor, serverId)).token);
  await until(
    async () => {
      const server = await db.server.findUniqueOrThrow({ where: { id: serverId }, select: { agentId: true } });
      const row = server.agentId ? await db.agent.findUnique({ where: { id: server.agentId } }) : null;
      return row?.coreId === b!.coreId;
    },
    "the agent to connect to core B",
    60_000,
  );
}, 120_000);

afterAll(async () => {
  if (agent) await stopAgent(agent);
  await b?.kill();
  await stopBus?.();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it("reads files through an agent on another core, a big one in many pages, whole and in order", async () => {
  expect(b!.coreId).not.toBe(CORE_ID);
  mkdirSync(path.join(dirs[1], "decl"));
  const big = `# ${"abcdefgh".repeat(100_000)}\n`;
  writeFileSync(path.join(dirs[1], "decl", "a.toml"), '[[server]]\nname = "a"\n');
  writeFileSync(path.join(dirs[1], "decl", "b.toml"), big);
  writeFileSync(path.join(dirs[1], "decl", "c.toml"), '[[server]]\nname = "c"\n');
  const s = await createResource(admin.actor, "sync", { name: "far", config: { source: "host", serverId, hostPath: dirs[1], paths: ["decl"] } });
  const read = await readSyncSource(admin.actor, s.id);
  expect(read.files.map((f) => [f.path, f.contents.length])).toEqual([
    ["decl/a.toml", 22],
    ["decl/b.toml", big.length],
    ["decl/c.toml", 22],
  ]);
  expect(read.files[1]!.contents === big).toBe(true);
});

it("commits a managed Sync's write-back through an agent on another core", async () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@x.invalid", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" }).trim();
  const tree = path.join(dirs[1], "tree");
  const bare = path.join(dirs[1], "far.git");
  mkdirSync(tree);
  writeFileSync(path.join(tree, "vars.toml"), '[[variable]]\nname = "far_var"\nvalue = "a"\n');
  git(dirs[1], "init", "-q", "--bare", "-b", "main", bare);
  git(tree, "init", "-q", "-b", "main");
  git(tree, "add", ".");
  git(tree, "commit", "-q", "-m", "one");
  git(tree, "push", "-q", bare, "main");
  const s = await createResource(admin.actor, "sync", { name: "far-git", config: { source: "git", serverId, repoUrl: `file://${bare}`, managed: true } });
  const variable = await createResource(admin.actor, "variable", { name: "far_var", config: { value: "a" } });
  await db.variable.update({ where: { id: variable.id }, data: { info: { [SYNCED_BY]: s.id } } });
  await updateResource(admin.actor, "variable", variable.id, { config: { value: "b" } });
  expect(git(bare, "show", "main:vars.toml")).toBe('[[variable]]\nname = "far_var"\nvalue = "b"');
  expect(git(bare, "log", "-1", "--format=%an", "main")).toBe("Wheelhouse");
});
