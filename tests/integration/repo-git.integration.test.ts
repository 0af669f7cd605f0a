// Repos clone and pull on the agent, from real git servers on loopback (tests/helpers/git-servers.ts):
// https with a token, SSH with a key, git:// and file://. The credential reaches only the git
// process: never .git/config, never a log line. Real core, real agent, real git.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { syncRepo } from "@/lib/executions/repo";
import type { RepoInfo } from "@/lib/resources/repo/info";
import { createResource, updateResource } from "@/lib/resources/write";
import { connectAgent, finishedUpdate, logText } from "../helpers/core-agent";
import { refusalOf } from "../helpers/refusal";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { startGitServers, type GitServers } from "../helpers/git-servers";
import { grant } from "../helpers/resources";

let git: GitServers;
let admin: TestUser;
let serverId: string;
let disconnect: (() => Promise<void>) | undefined;
let first: string;
let httpCredential: string;
let sshCredential: string;

const info = async (id: string) => (await db.repo.findUniqueOrThrow({ where: { id } })).info as RepoInfo;
let n = 0;
async function repo(config: Record<string, unknown>) {
  return createResource(admin.actor, "repo", { name: `repo-${++n}`, config: { serverId, branch: "main", ...config } });
}
async function run(id: string, mode: "clone" | "pull", options: { reset?: boolean } = {}) {
  const { updateId } = await syncRepo(admin.actor, id, mode, options);
  return finishedUpdate(updateId);
}

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  git = await startGitServers();
  first = await git.createRepo("app", { "README.md": "hello\n" }, { message: "first commit" });
  ({ id: serverId, close: disconnect } = await connectAgent(admin.actor, "server", "git-host"));
  httpCredential = (
    await createResource(admin.actor, "credential", {
      name: "loopback-http",
      config: { kind: "git", domain: `127.0.0.1:${git.ports.http}`, username: git.httpAuth.username, token: git.httpAuth.token },
    })
  ).id;
  sshCredential = (
    await createResource(admin.actor, "credential", {
      name: "loopback-ssh",
      config: { kind: "git", domain: `127.0.0.1:${git.ports.ssh}`, sshPrivateKey: git.sshPrivateKey, sshKnownHosts: git.sshKnownHostsLine },
    })
  ).id;
}, 600_000);

afterAll(async () => {
  await disconnect?.();
  await git?.stop();
});

describe("cloning", () => {
  it("clones over https with a token that appears in neither .git/config nor the Update", async () => {
    const r = await repo({ repoUrl: git.urls("app").http, gitCredentialId: httpCredential });
    const update = await run(r.id, "clone");
    expect(update.error).toBeNull();
    const { latestCommit, path: folder } = await info(r.id);
    expect(latestCommit).toMatchObject({ hash: first, message: "first commit" });
    expect(readFileSync(path.join(folder!, "README.md"), "utf8")).toBe("hello\n");
    const gitConfig = readFileSync(path.join(folder!, ".git", "config"), "utf8");
    expect(gitConfig).toContain(git.urls("app").http);
    expect(gitConfig).not.toContain(git.httpAuth.token);
    expect(logText(update)).toContain(first);
    expect(JSON.stringify(update)).not.toContain(git.httpAuth.token);
    expect(git.httpRequests.some((q) => q.auth === "valid")).toBe(true);
  });

  it("clones over SSH with a key credential, checking the server's host key, and keeps the key nowhere", async () => {
    const r = await repo({ repoUrl: git.urls("app").ssh, gitCredentialId: sshCredential });
    const update = await run(r.id, "clone");
    expect(update.error).toBeNull();
    const { latestCommit, path: folder } = await info(r.id);
    expect(latestCommit?.hash).toBe(first);
    const gitConfig = readFileSync(path.join(folder!, ".git", "config"), "utf8");
    expect(gitConfig).not.toContain("PRIVATE KEY");
    expect(JSON.stringify(update)).not.toContain(git.sshPrivateKey.trim().split("\n")[1]!);
  });

  it("clones over git:// and a given commit rather than the branch head", async () => {
    const second = await git.commit("app", { "README.md": "hello again\n" }, "second commit");
    const r = await repo({ repoUrl: git.urls("app").git, commit: first });
    expect((await run(r.id, "clone")).error).toBeNull();
    expect((await info(r.id)).latestCommit?.hash).toBe(first);
    const head = await repo({ repoUrl: git.urls("app").git });
    expect((await run(head.id, "clone")).error).toBeNull();
    expect((await info(head.id)).latestCommit).toMatchObject({ hash: second, message: "second commit" });
  });

  it("fails a wrong token with git's reason, without the token, and leaves the previous clone as it was", async () => {
    const bad = (
      await createResource(admin.actor, "credential", {
        name: "wrong-token",
        config: { kind: "git", domain: `127.0.0.1:${git.ports.http}`, username: git.httpAuth.username, token: "not-the-token-123" },
      })
    ).id;
    const r = await repo({ repoUrl: git.urls("app").http, gitCredentialId: httpCredential });
    expect((await run(r.id, "clone")).error).toBeNull();
    const before = await info(r.id);
    await updateResource(admin.actor, "repo", r.id, { config: { serverId, branch: "main", repoUrl: git.urls("app").http, gitCredentialId: bad } });
    const update = await run(r.id, "clone");
    expect(update.success).toBe(false);
    expect(update.error).toMatch(/git clone .* failed|Authentication failed|could not read Username/i);
    expect(JSON.stringify(update)).not.toContain("not-the-token-123");
    expect(readFileSync(path.join(before.path!, "README.md"), "utf8")).toMatch(/hello/);
    expect(await info(r.id)).toEqual(before);
  });

  it("fails an unreachable remote with a clear message", async () => {
    const r = await repo({ repoUrl: "git://127.0.0.1:1/nothing.git" });
    const update = await run(r.id, "clone");
    expect(update.success).toBe(false);
    expect(update.error).toMatch(/git clone .* failed/);
  });
});

describe("pulling", () => {
  it("fast-forwards to the new commit, refuses to overwrite local changes, and resets to the remote when asked", async () => {
    await git.createRepo("pulled", { "a.txt": "1\n" });
    const r = await repo({ repoUrl: git.urls("pulled").git });
    expect((await run(r.id, "clone")).error).toBeNull();
    const next = await git.commit("pulled", { "a.txt": "2\n" }, "two");
    expect((await run(r.id, "pull")).error).toBeNull();
    const { path: folder, latestCommit } = await info(r.id);
    expect(latestCommit?.hash).toBe(next);
    expect(readFileSync(path.join(folder!, "a.txt"), "utf8")).toBe("2\n");

    // Someone edited the checkout on the host; the next commit touches the same file.
    writeFileSync(path.join(folder!, "a.txt"), "local edit\n");
    const third = await git.commit("pulled", { "a.txt": "3\n" }, "three");
    const refused = await run(r.id, "pull");
    expect(refused.success).toBe(false);
    expect(refused.error).toMatch(/git merge --ff-only/);
    expect(readFileSync(path.join(folder!, "a.txt"), "utf8")).toBe("local edit\n");
    expect((await info(r.id)).latestCommit?.hash).toBe(next);

    expect((await run(r.id, "pull", { reset: true })).error).toBeNull();
    expect(readFileSync(path.join(folder!, "a.txt"), "utf8")).toBe("3\n");
    expect((await info(r.id)).latestCommit?.hash).toBe(third);
  });
});

describe("what a Repo may reach", () => {
  it("refuses a credential for another host before anything runs", async () => {
    const github = (await createResource(admin.actor, "credential", { name: "github", config: { kind: "git", domain: "github.com", token: "ghp_secret" } })).id;
    const r = await repo({ repoUrl: git.urls("app").http, gitCredentialId: github });
    const updates = await db.update.count();
    const refusal = await refusalOf(syncRepo(admin.actor, r.id, "clone"));
    expect(refusal?.message).toBe("Credential github is for github.com, not for this repository's host");
    expect(await db.update.count()).toBe(updates);
  });

  it("runs the on-clone command only with host access, in the folder, with the Repo's env", async () => {
    const r = await repo({ repoUrl: git.urls("app").git, onCloneCommand: 'echo "$GREETING" > greeting.txt', env: "GREETING=hi there" });
    const refusal = await refusalOf(syncRepo(admin.actor, r.id, "clone"));
    expect(refusal?.code).toBe("FORBIDDEN");
    expect(refusal?.fields).toHaveProperty("config.onCloneCommand");

    const server = await db.server.findUniqueOrThrow({ where: { id: serverId } });
    await updateResource(admin.actor, "server", serverId, { config: { ...(server.config as object), hostAccess: true } });
    try {
      const update = await run(r.id, "clone");
      expect(update.error).toBeNull();
      expect(readFileSync(path.join((await info(r.id)).path!, "greeting.txt"), "utf8")).toBe("hi there\n");
    } finally {
      await updateResource(admin.actor, "server", serverId, { config: { ...(server.config as object), hostAccess: false } });
    }
  });

  it("treats a file:// remote as reading the host", async () => {
    const r = await repo({ repoUrl: git.urls("app").file });
    const refusal = await refusalOf(syncRepo(admin.actor, r.id, "clone"));
    expect(refusal?.code).toBe("FORBIDDEN");
    expect(refusal?.fields).toHaveProperty("config.repoUrl");
  });

  it("needs Execute on the Repo and on its Server", async () => {
    const bob: TestUser = await makeUser();
    const r = await repo({ repoUrl: git.urls("app").git });
    await grant({ userId: bob.id }, "repo", "Read", { id: r.id });
    expect((await refusalOf(syncRepo({ ...bob.actor }, r.id, "clone")))?.code).toBe("FORBIDDEN");
    await db.permission.deleteMany({ where: { userId: bob.id } });
    await grant({ userId: bob.id }, "repo", "Execute", { id: r.id });
    await grant({ userId: bob.id }, "server", "Read", { id: serverId });
    const refusal = await refusalOf(syncRepo({ ...bob.actor }, r.id, "clone"));
    expect(refusal?.message).toBe("This needs Execute permission on server git-host");
  });
});
