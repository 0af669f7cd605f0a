// Managed mode (issue 14, point 5): a change made in the UI to a resource a managed Sync owns is
// written back to the Sync's source in the same transaction: committed and pushed to its git
// repo by the Server's agent (real git on loopback), or spliced into a UI Sync's own text; when
// it can't be written, the change is refused with the reason and nothing is saved.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createResource, deleteResource, updateResource } from "@/lib/resources/write";
import { executeSync, refreshSync } from "@/lib/sync/service";
import { connectAgent, finishedUpdate, logText, type ConnectedAgent } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { startGitServers, type GitServers } from "../helpers/git-servers";
import { refusalOf } from "../helpers/refusal";

let git: GitServers;
let admin: TestUser;
let host: ConnectedAgent;
const scratch: string[] = [];

const WEB_TOML = `# Web tier: owned by git, edited in Wheelhouse too
[[deployment]]
name = "mg-web"
description = "the web"
after = ["mg-api"]
[deployment.config]
server_id = "mg-host"
image = "nginx:1.25"

# the api, left alone
[[deployment]]
name = "mg-api"
[deployment.config]
server_id = "mg-host"
image = "busybox:1" # pinned
`;

/** The file as committed on the branch in the served repo, and the tip's author and subject. */
function repoState(name: string, file: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wh-managed-"));
  scratch.push(dir);
  execFileSync("git", ["clone", "-q", "--branch", "main", git.urls(name).file, dir], { stdio: "ignore" });
  const show = (args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
  return {
    contents: show(["show", `HEAD:${file}`]) + "\n",
    author: show(["log", "-1", "--format=%an <%ae>"]),
    subject: show(["log", "-1", "--format=%s"]),
    head: show(["rev-parse", "HEAD"]),
  };
}

async function syncFrom(name: string, config: Record<string, unknown>) {
  const sync = await createResource(admin.actor, "sync", { name, config: { managed: true, ...config } });
  const plan = await refreshSync(admin.actor, sync.id);
  expect(plan.errors).toEqual([]);
  expect((await finishedUpdate((await executeSync(admin.actor, sync.id, { hash: plan.hash })).updateId)).success).toBe(true);
  return sync;
}

const deploymentNamed = (name: string) => db.deployment.findUniqueOrThrow({ where: { name } });

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  git = await startGitServers();
  host = await connectAgent(admin.actor, "server", "mg-host");
}, 600_000);

afterAll(async () => {
  await host?.close();
  await git?.stop();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("a managed git sync", () => {
  it("commits a UI change back to the entry's lines only, and a re-plan is empty", async () => {
    await git.createRepo("managed", { "apps/web.toml": WEB_TOML, "readme.md": "hello\n" });
    const sync = await syncFrom("mg-git", { source: "git", serverId: host.id, repoUrl: git.urls("managed").file, paths: ["apps"] });
    const web = await deploymentNamed("mg-web");

    await updateResource(admin.actor, "deployment", web.id, { config: { image: "nginx:1.27" } });

    const after = repoState("managed", "apps/web.toml");
    expect(after.contents).toBe(
      WEB_TOML.replace(
        /\[\[deployment\]\]\nname = "mg-web"[\s\S]*?image = "nginx:1.25"\n/,
        [
          "[[deployment]]",
          'name = "mg-web"',
          'description = "the web"',
          'after = [ "mg-api" ]',
          "",
          "[deployment.config]",
          // The entry is written as an export writes it (fields in the stored order).
          'image = "nginx:1.27"',
          'server_id = "mg-host"',
          "",
        ].join("\n"),
      ),
    );
    expect(after.author).toBe("Wheelhouse <wheelhouse@localhost>");
    expect(after.subject).toBe(`Update deployment mg-web (${admin.actor.username}, via Wheelhouse)`);
    expect((await deploymentNamed("mg-web")).config).toMatchObject({ image: "nginx:1.27" });
    const update = await db.update.findFirstOrThrow({ where: { targetId: web.id, operation: "UpdateDeployment" }, include: { logs: true } });
    expect(logText(update)).toContain(`Committed to sync mg-git's repository as ${after.head.slice(0, 12)}: apps/web.toml`);

    const replan = await refreshSync(admin.actor, sync.id);
    expect(replan.errors).toEqual([]);
    expect(replan.items.filter((i) => i.action !== "unchanged")).toEqual([]);
  });

  it("refuses the change with the reason when the push fails, saving nothing", async () => {
    await git.createRepo("readonly", { "web.toml": WEB_TOML.replaceAll("mg-", "ro-").replaceAll('"ro-host"', '"mg-host"') });
    // git:// is served read-only: clones work, pushes don't.
    await syncFrom("ro-git", { source: "git", serverId: host.id, repoUrl: git.urls("readonly").git });
    const web = await deploymentNamed("ro-web");
    const before = repoState("readonly", "web.toml").head;

    const refusal = await refusalOf(updateResource(admin.actor, "deployment", web.id, { config: { image: "nginx:1.27" } }));
    expect(refusal?.code).toBe("UPSTREAM_FAILED");
    expect(refusal?.message).toMatch(/ro-git.*could not be written back.*push/is);
    expect((await deploymentNamed("ro-web")).config).toMatchObject({ image: "nginx:1.25" });
    expect(repoState("readonly", "web.toml").head).toBe(before);
  });

  it("refuses with a wrong token over https, naming the failure", async () => {
    await git.createRepo("tokened", { "web.toml": WEB_TOML.replaceAll("mg-", "tk-").replaceAll('"tk-host"', '"mg-host"') });
    const good = await createResource(admin.actor, "credential", {
      name: "mg-http",
      config: { kind: "git", domain: `127.0.0.1:${git.ports.http}`, username: git.httpAuth.username, token: git.httpAuth.token },
    });
    const sync = await syncFrom("tk-git", { source: "git", serverId: host.id, repoUrl: git.urls("tokened").http, gitCredentialId: good.id });
    const web = await deploymentNamed("tk-web");

    // With the right token the push goes through.
    await updateResource(admin.actor, "deployment", web.id, { description: "through https" });
    expect(repoState("tokened", "web.toml").contents).toContain('description = "through https"');

    const bad = await createResource(admin.actor, "credential", {
      name: "mg-http-bad",
      config: { kind: "git", domain: `127.0.0.1:${git.ports.http}`, username: git.httpAuth.username, token: "tok_wrong_wrong" },
    });
    await updateResource(admin.actor, "sync", sync.id, { config: { gitCredentialId: bad.id } });
    const refusal = await refusalOf(updateResource(admin.actor, "deployment", web.id, { config: { image: "nginx:1.27" } }));
    expect(refusal?.message).toMatch(/tk-git/);
    expect(refusal?.message).not.toContain("tok_wrong_wrong");
    expect((await deploymentNamed("tk-web")).config).toMatchObject({ image: "nginx:1.25" });
  });

  it("pushes over ssh with the credential's key", async () => {
    await git.createRepo("keyed", { "web.toml": WEB_TOML.replaceAll("mg-", "ssh-").replaceAll('"ssh-host"', '"mg-host"') });
    const key = await createResource(admin.actor, "credential", {
      name: "mg-ssh",
      config: { kind: "git", domain: `127.0.0.1:${git.ports.ssh}`, sshPrivateKey: git.sshPrivateKey, sshKnownHosts: git.sshKnownHostsLine },
    });
    await syncFrom("ssh-git", { source: "git", serverId: host.id, repoUrl: git.urls("keyed").ssh, gitCredentialId: key.id });
    const web = await deploymentNamed("ssh-web");
    await updateResource(admin.actor, "deployment", web.id, { config: { image: "nginx:1.27" } });
    const after = repoState("keyed", "web.toml");
    expect(after.contents).toContain('image = "nginx:1.27"');
    expect(after.author).toBe("Wheelhouse <wheelhouse@localhost>");
  });

  it("refuses deleting or renaming a resource it manages", async () => {
    const web = await deploymentNamed("mg-web");
    const deleted = await refusalOf(deleteResource(admin.actor, "deployment", web.id));
    expect(deleted).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/managed by sync mg-git: remove or rename it in its TOML/) });
    const renamed = await refusalOf(updateResource(admin.actor, "deployment", web.id, { name: "mg-web-2" }));
    expect(renamed).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/managed by sync mg-git: remove or rename it in its TOML/) });
    expect((await deploymentNamed("mg-web")).id).toBe(web.id);
  });
});

describe("a managed sync of its own text", () => {
  it("splices the change into its contents in the same transaction", async () => {
    const contents = WEB_TOML.replaceAll("mg-", "ui-").replaceAll('"ui-host"', '"mg-host"');
    const sync = await syncFrom("ui-sync", { source: "ui", contents });
    const api = await deploymentNamed("ui-api");
    await updateResource(admin.actor, "deployment", api.id, { config: { image: "busybox:2" } });
    const row = await db.resourceSync.findUniqueOrThrow({ where: { id: sync.id } });
    const now = (row.config as { contents: string }).contents;
    expect(now).toBe(
      contents.replace(
        /\[\[deployment\]\]\nname = "ui-api"[\s\S]*$/,
        ["[[deployment]]", 'name = "ui-api"', "", "[deployment.config]", 'image = "busybox:2"', 'server_id = "mg-host"', ""].join("\n"),
      ),
    );
    const replan = await refreshSync(admin.actor, sync.id);
    expect(replan.items.filter((i) => i.action !== "unchanged")).toEqual([]);
  });

  it("saves a change to a sync that declares itself as given: its text is not spliced into itself", async () => {
    const own = '[[resource_sync]]\nname = "self-sync"\n[resource_sync.config]\nmanaged = true\npending_alert = false\n';
    const sync = await syncFrom("self-sync", { source: "ui", contents: own });
    expect((await db.resourceSync.findUniqueOrThrow({ where: { id: sync.id } })).info).toMatchObject({ syncedBy: sync.id });
    const next = `# edited in the UI\n${own}`;
    await updateResource(admin.actor, "sync", sync.id, { config: { contents: next } });
    expect((await db.resourceSync.findUniqueOrThrow({ where: { id: sync.id } })).config).toMatchObject({ contents: next });
  });

  it("refuses a change to what a managed host-folder sync owns", async () => {
    const sync = await syncFrom("ui-sync-2", { source: "ui", includeVariables: true, contents: '[[variable]]\nname = "mg_host_var"\nvalue = "a"\n' });
    // The same sync, turned into a host source: its files are the host's, which core never writes.
    await db.resourceSync.update({
      where: { id: sync.id },
      data: {
        config: {
          ...((await db.resourceSync.findUniqueOrThrow({ where: { id: sync.id } })).config as object),
          source: "host",
          hostPath: "/srv/nowhere",
          serverId: host.id,
        },
      },
    });
    const variable = await db.variable.findUniqueOrThrow({ where: { name: "mg_host_var" } });
    const refusal = await refusalOf(updateResource(admin.actor, "variable", variable.id, { config: { value: "b" } }));
    expect(refusal).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/ui-sync-2 reads a host folder.*not written/) });
    expect((await db.variable.findUniqueOrThrow({ where: { name: "mg_host_var" } })).config).toMatchObject({ value: "a" });
  });
});
