// Where a ResourceSync's TOML comes from (lib/sync/source.ts): its own text, a git repository
// cloned by the Server's agent from real git servers on loopback, or a folder on the Server's
// host. Real core, real agent, real git; refusals name the field to change.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createResource, updateResource } from "@/lib/resources/write";
import { readSyncSource, UI_SOURCE_PATH } from "@/lib/sync/source";
import { connectAgent } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { startGitServers, type GitServers } from "../helpers/git-servers";
import { refusalOf } from "../helpers/refusal";
import { grant } from "../helpers/resources";

let git: GitServers;
let admin: TestUser;
let serverId: string;
let disconnect: (() => Promise<void>) | undefined;
let head: string;
let httpCredential: string;
const scratch: string[] = [];

let n = 0;
async function sync(config: Record<string, unknown>, actor = admin.actor) {
  return createResource(actor, "sync", { name: `sync-${++n}`, config });
}
const gitSync = (config: Record<string, unknown> = {}) => sync({ source: "git", serverId, repoUrl: git.urls("toml").git, ...config });

function tempDir(prefix: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  git = await startGitServers();
  head = await git.createRepo(
    "toml",
    {
      "top.toml": "# top\n",
      "resources/b.toml": '[[server]]\nname = "b"\n',
      "resources/a.toml": '[[server]]\nname = "a"\n',
      "resources/sub/c.toml": '[[stack]]\nname = "c"\n',
      "resources/notes.md": "not TOML\n",
      "extra/servers.txt": '[[server]]\nname = "txt"\n',
      "docs/readme.md": "nothing to sync\n",
    },
    { message: "declare things" },
  );
  await git.createRepo("private", { "sync.toml": '[[variable]]\nname = "secret-place"\n' }, { message: "private" });
  ({ id: serverId, close: disconnect } = await connectAgent(admin.actor, "server", "sync-host"));
  httpCredential = (
    await createResource(admin.actor, "credential", {
      name: "loopback-http",
      config: { kind: "git", domain: `127.0.0.1:${git.ports.http}`, username: git.httpAuth.username, token: git.httpAuth.token },
    })
  ).id;
}, 600_000);

afterAll(async () => {
  await disconnect?.();
  await git?.stop();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("a sync's own text", () => {
  it("is one file, as written", async () => {
    const s = await sync({ source: "ui", contents: '[[server]]\nname = "ui"\n' });
    expect(await readSyncSource(admin.actor, s.id)).toEqual({ files: [{ path: UI_SOURCE_PATH, contents: '[[server]]\nname = "ui"\n' }] });
  });
});

describe("a git source", () => {
  it("reads a folder recursively (only .toml, sorted by path) and a single file whatever its extension, at the commit it names", async () => {
    const s = await gitSync({ paths: ["resources", "extra/servers.txt"] });
    const read = await readSyncSource(admin.actor, s.id);
    expect(read.files).toEqual([
      { path: "resources/a.toml", contents: '[[server]]\nname = "a"\n' },
      { path: "resources/b.toml", contents: '[[server]]\nname = "b"\n' },
      { path: "resources/sub/c.toml", contents: '[[stack]]\nname = "c"\n' },
      { path: "extra/servers.txt", contents: '[[server]]\nname = "txt"\n' },
    ]);
    expect(read).toMatchObject({ commit: head, message: "declare things" });

    // The next read fetches: a new commit and a new file are there.
    const next = await git.commit("toml", { "resources/0-first.toml": "# new\n" }, "add a file");
    const again = await readSyncSource(admin.actor, s.id);
    expect(again.commit).toBe(next);
    expect(again.files.map((f) => f.path)).toEqual([
      "resources/0-first.toml",
      "resources/a.toml",
      "resources/b.toml",
      "resources/sub/c.toml",
      "extra/servers.txt",
    ]);
  });

  it("reads the whole repository's .toml files when no paths are given", async () => {
    const s = await gitSync();
    expect((await readSyncSource(admin.actor, s.id)).files.map((f) => f.path)).toEqual([
      "resources/0-first.toml",
      "resources/a.toml",
      "resources/b.toml",
      "resources/sub/c.toml",
      "top.toml",
    ]);
  });

  it("clones a private repository with a token credential, which appears in nothing it answers", async () => {
    const s = await gitSync({ repoUrl: git.urls("private").http, gitCredentialId: httpCredential });
    const read = await readSyncSource(admin.actor, s.id);
    expect(read.files).toEqual([{ path: "sync.toml", contents: '[[variable]]\nname = "secret-place"\n' }]);
    expect(JSON.stringify(read)).not.toContain(git.httpAuth.token);
    expect(git.httpRequests.some((q) => q.auth === "valid")).toBe(true);
  });

  it("fails a wrong token with git's reason and without the token", async () => {
    const wrong = (
      await createResource(admin.actor, "credential", {
        name: "wrong-token",
        config: { kind: "git", domain: `127.0.0.1:${git.ports.http}`, username: git.httpAuth.username, token: "not-the-token-456" },
      })
    ).id;
    const s = await gitSync({ repoUrl: git.urls("private").http, gitCredentialId: wrong });
    const refusal = await refusalOf(readSyncSource(admin.actor, s.id));
    expect(refusal?.code).toBe("UPSTREAM_FAILED");
    expect(refusal?.message).toMatch(/git clone .* failed/);
    expect(JSON.stringify(refusal)).not.toContain("not-the-token-456");
  });

  it("names a path that doesn't exist, and a folder with no .toml files", async () => {
    const missing = await gitSync({ paths: ["resources", "nope/servers.toml"] });
    const refusal = await refusalOf(readSyncSource(admin.actor, missing.id));
    expect(refusal).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^Path nope\/servers\.toml does not exist in the repository \(commit [0-9a-f]{12}\)$/),
    });
    expect(refusal?.fields).toHaveProperty(["config.paths"]);
    const empty = await gitSync({ paths: ["docs"] });
    expect((await refusalOf(readSyncSource(admin.actor, empty.id)))?.message).toMatch(/Folder docs has no \.toml files in the repository/);
  });

  it("refuses a symbolic link that leads out of the repository, rather than sending the agent's files", async () => {
    const work = tempDir("wh-sync-link-");
    const bare = path.join(work, "linked.git");
    const tree = path.join(work, "tree");
    mkdirSync(path.join(tree, "resources"), { recursive: true });
    writeFileSync(path.join(tree, "resources", "ok.toml"), "# ok\n");
    symlinkSync("/etc/hostname", path.join(tree, "resources", "leak.toml"));
    const g = (cwd: string, ...args: string[]) =>
      execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@x.invalid", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });
    g(work, "init", "-q", "--bare", "-b", "main", bare);
    g(tree, "init", "-q", "-b", "main");
    g(tree, "add", ".");
    g(tree, "commit", "-q", "-m", "a link");
    g(tree, "push", "-q", bare, "main");
    const s = await gitSync({ repoUrl: `file://${bare}`, paths: ["resources"] });
    const refusal = await refusalOf(readSyncSource(admin.actor, s.id));
    expect(refusal).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^Path resources\/leak\.toml is a symbolic link leading outside the repository/),
    });
  });

  it("refuses a sync with no server, naming the field, and a server whose agent isn't connected", async () => {
    const s = await sync({ source: "git", repoUrl: git.urls("toml").git });
    const refusal = await refusalOf(readSyncSource(admin.actor, s.id));
    expect(refusal).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/serverId/), fields: { "config.serverId": ["Choose a server"] } });
    const offline = (await createResource(admin.actor, "server", { name: "no-agent" })).id;
    const away = await sync({ source: "git", serverId: offline, repoUrl: git.urls("toml").git });
    expect(await refusalOf(readSyncSource(admin.actor, away.id))).toMatchObject({
      code: "AGENT_OFFLINE",
      message: "The agent of server no-agent is not connected",
    });
  });

  it("refuses paths that climb out or are absolute, and a branch git would take for an option, when saved and when an older row has them", async () => {
    const saved = await refusalOf(gitSync({ paths: ["../../etc"] }));
    expect(saved).toMatchObject({ code: "INVALID_INPUT", fields: { "config.paths.0": [expect.stringMatching(/goes up/)] } });
    expect((await refusalOf(gitSync({ paths: ["/etc/passwd"] })))?.fields).toHaveProperty(["config.paths.0"]);
    expect((await refusalOf(gitSync({ branch: "--upload-pack=touch /tmp/x" })))?.fields).toEqual({ "config.branch": [`A branch or tag can't start with "-"`] });
    const s = await gitSync();
    await db.resourceSync.update({ where: { id: s.id }, data: { config: { source: "git", serverId, repoUrl: git.urls("toml").git, paths: ["../outside"] } } });
    const refusal = await refusalOf(readSyncSource(admin.actor, s.id));
    expect(refusal?.code).toBe("CONFLICT");
    expect(refusal?.fields?.["config.paths.0"]?.[0]).toMatch(/goes up/);
  });

  it("needs Execute on the server, not only Read on the sync", async () => {
    const s = await gitSync();
    const reader = await makeUser();
    await grant({ userId: reader.id }, "sync", "Read", { id: s.id });
    await grant({ userId: reader.id }, "server", "Read", { id: serverId });
    const refusal = await refusalOf(readSyncSource(reader.actor, s.id));
    expect(refusal).toMatchObject({ code: "FORBIDDEN", message: "This needs Execute permission on server sync-host" });
    await grant({ userId: reader.id }, "server", "Execute", { id: serverId });
    // A new actor object: grants are loaded once per actor (one request).
    expect((await readSyncSource({ ...reader.actor }, s.id)).files.length).toBeGreaterThan(0);
  });
});

describe("a host source", () => {
  let folder: string;
  beforeAll(() => {
    folder = tempDir("wh-sync-host-");
    mkdirSync(path.join(folder, "prod", "web"), { recursive: true });
    writeFileSync(path.join(folder, "prod", "web", "z.toml"), "# z\n");
    writeFileSync(path.join(folder, "prod", "m.toml"), "# m\n");
    writeFileSync(path.join(folder, "prod", "skip.json"), "{}\n");
  });

  it("needs the server's host access or the folder among its allowed host paths", async () => {
    const s = await sync({ source: "host", serverId, hostPath: folder, paths: ["prod"] });
    const refusal = await refusalOf(readSyncSource(admin.actor, s.id));
    // Core's refusal (before the agent is asked; the agent checks again, agent/sync/read.integration.test.ts).
    expect(refusal).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/^Refused: this reaches the host of server sync-host/) });
    expect(refusal?.fields).toHaveProperty(["config.hostPath"]);
  });

  it("reads the folder's .toml files, sorted, once the server allows the folder", async () => {
    await updateResource(admin.actor, "server", serverId, { config: { allowedHostPaths: [folder] } });
    const s = await sync({ source: "host", serverId, hostPath: folder, paths: ["prod"] });
    expect(await readSyncSource(admin.actor, s.id)).toEqual({
      files: [
        { path: "prod/m.toml", contents: "# m\n" },
        { path: "prod/web/z.toml", contents: "# z\n" },
      ],
    });
  });

  it("brings a file bigger than one socket frame back whole", async () => {
    const large = path.join(folder, "large");
    mkdirSync(large);
    const contents = `# ${"é\u0001".repeat(600 * 1024)}\n`;
    writeFileSync(path.join(large, "large.toml"), contents);
    const s = await sync({ source: "host", serverId, hostPath: folder, paths: ["large"] });
    const read = await readSyncSource(admin.actor, s.id);
    expect(read.files.map((f) => f.path)).toEqual(["large/large.toml"]);
    expect(read.files[0]!.contents === contents).toBe(true);
  });

  it("names a host folder that doesn't exist", async () => {
    const s = await sync({ source: "host", serverId, hostPath: path.join(folder, "gone") });
    const refusal = await refusalOf(readSyncSource(admin.actor, s.id));
    expect(refusal).toMatchObject({ code: "CONFLICT", message: `The host folder ${path.join(folder, "gone")} does not exist` });
    expect(refusal?.fields).toHaveProperty(["config.hostPath"]);
  });

  it("says what was too big, past 5 MB in total", async () => {
    const big = path.join(folder, "big");
    mkdirSync(big);
    writeFileSync(path.join(big, "a.toml"), "# small\n");
    writeFileSync(path.join(big, "b.toml"), `# ${"x".repeat(6 * 1024 * 1024)}\n`);
    const s = await sync({ source: "host", serverId, hostPath: folder, paths: ["big"] });
    const refusal = await refusalOf(readSyncSource(admin.actor, s.id));
    expect(refusal?.message).toMatch(/^Too much to read: big\/b\.toml \(6\.0 MB\) takes the files past 5\.0 MB in total \(1 file,/);
    expect(refusal?.fields).toHaveProperty(["config.paths"]);
  });

  it("a host source can't be saved without a server", async () => {
    const refusal = await refusalOf(sync({ source: "host", hostPath: folder }));
    expect(refusal).toMatchObject({ code: "INVALID_INPUT", fields: { "config.serverId": [expect.stringMatching(/needs the server/)] } });
  });
});
