// Webhooks run Builds and Repos for real: a git server on loopback, a real core and agent, the
// route handler called as Next calls it. A signed push to the configured branch runs the
// execution as an Update credited to the webhook; a wrong signature or token, another branch,
// a replayed delivery, a disabled webhook or an unknown resource run nothing.
import { execFileSync } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as route from "@/app/api/webhooks/[provider]/[type]/[id]/[execution]/route";
import { authorize } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { runBuild } from "@/lib/executions/build";
import { syncRepo } from "@/lib/executions/repo";
import { loadInterpolator } from "@/lib/executions/variables";
import { JOBS } from "@/lib/jobs";
import type { BuildInfo } from "@/lib/resources/build/info";
import type { RepoInfo } from "@/lib/resources/repo/info";
import { createResource, updateResource } from "@/lib/resources/write";
import { webhookActor } from "@/lib/webhooks/receive";
import { ensureDocker } from "@/scripts/lib/docker";
import { docker } from "@/agent/docker/client";
import { connectAgent, finishedUpdate, logText } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { startGitServers, type GitServers } from "../helpers/git-servers";
import { api } from "../helpers/resources";
import { call } from "../helpers/routes";

const SECRET = `whsec-${randomUUID()}`;
const IMAGE = `webhook-test/app-${Date.now().toString(36)}`;
const PROJECT = `webhook-stack-${Date.now().toString(36)}`;
const projectContainers = () => docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${PROJECT}`] } });
let git: GitServers;
let admin: TestUser;
let serverId: string;
let builderId: string;
let disconnect: (() => Promise<void>) | undefined;
let n = 0;

type Hook = { provider?: "github" | "gitlab"; type: string; id: string; execution: string };
const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
const pushBody = (ref: string, after: string) =>
  JSON.stringify({ ref, before: "0".repeat(39) + "1", after, repository: { full_name: "team/app" }, pushed_at: Date.now() + n++ });

/** POSTs to the webhook route with GitHub's headers (signed with SECRET unless told otherwise). */
function github(hook: Hook, body: string, opts: { event?: string; delivery?: string; signature?: string | null } = {}) {
  const headers: Record<string, string> = { "x-github-event": opts.event ?? "push", "x-github-delivery": opts.delivery ?? randomUUID() };
  if (opts.signature !== null) headers["x-hub-signature-256"] = opts.signature ?? sign(body);
  return post({ ...hook, provider: "github" }, body, headers);
}
function gitlab(hook: Hook, body: string, opts: { token?: string; uuid?: string | null } = {}) {
  const headers: Record<string, string> = { "x-gitlab-event": "Push Hook", "x-gitlab-token": opts.token ?? SECRET };
  if (opts.uuid !== null) headers["x-gitlab-event-uuid"] = opts.uuid ?? randomUUID();
  return post({ ...hook, provider: "gitlab" }, body, headers);
}
function post(hook: Required<Hook>, body: string, headers: Record<string, string>) {
  const params = { provider: hook.provider, type: hook.type, id: hook.id, execution: hook.execution };
  return call(route, "POST", `/api/webhooks/${hook.provider}/${hook.type}/${hook.id}/${hook.execution}`, { params, rawBody: body, headers });
}

/** Executions of the resource (its creation and edits are Updates too, and don't count). */
const updatesOf = (targetId: string) => db.update.count({ where: { targetId, operation: { in: ["RunBuild", "CloneRepo", "PullRepo"] } } });
async function newRepo(config: Record<string, unknown> = {}) {
  return createResource(admin.actor, "repo", {
    name: `hooked-repo-${++n}`,
    config: { serverId, repoUrl: git.urls("app").git, branch: "main", webhookEnabled: true, webhookSecret: SECRET, ...config },
  });
}

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  git = await startGitServers();
  await git.createRepo("app", { Dockerfile: "FROM local/busybox:1\nRUN echo built-by-a-webhook > /built\n" }, { message: "first commit" });
  ({ id: serverId, close: disconnect } = await connectAgent(admin.actor, "server", "webhook-host"));
  builderId = (await createResource(admin.actor, "builder", { name: "webhook-builder", config: { provider: "server", serverIds: [serverId] } })).id;
}, 600_000);

afterAll(async () => {
  for (const tag of ["0.1.1", "latest"]) {
    try {
      execFileSync("docker", ["rmi", "-f", `${IMAGE}:${tag}`], { stdio: "ignore" });
    } catch {
      // not built (the build test failed first)
    }
  }
  // Whatever the stack test left, by the ids Docker gives for this test's own project.
  for (const c of await projectContainers().catch(() => []))
    await docker()
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => {});
  await disconnect?.();
  await git?.stop();
});

describe("GitHub pushes to a Build", () => {
  it("a signed push for the build's branch runs the build, as an Update credited to the GitHub webhook", async () => {
    const build = await createResource(admin.actor, "build", {
      name: "hooked-build",
      config: { builderId, source: "git", repoUrl: git.urls("app").git, branch: "main", imageName: IMAGE, webhookEnabled: true, webhookSecret: SECRET },
    });
    const head = await git.resolve("app", "main");
    const delivery = randomUUID();
    const res = await github({ type: "build", id: build.id, execution: "run" }, pushBody("refs/heads/main", head), { delivery });
    expect(res.status, res.text).toBe(202);
    expect(res.json).toMatchObject({ status: "started", updateId: expect.any(String) });
    const update = await finishedUpdate(res.json.updateId as string, 300_000);
    expect(update.error).toBeNull();
    expect(update).toMatchObject({ operation: "RunBuild", targetId: build.id, operatorId: null, via: "GitHub webhook", success: true });
    expect(update.logs[0]).toMatchObject({ stage: "webhook" });
    expect(update.logs[0]!.stdout).toContain(`delivery ${delivery}`);
    expect(update.logs[0]!.stdout).toContain(`push to refs/heads/main at ${head.slice(0, 12)}`);
    const info = (await db.build.findUniqueOrThrow({ where: { id: build.id } })).info as BuildInfo;
    expect(info.latest).toMatchObject({ version: "0.1.1", commit: { hash: head }, updateId: update.id });
    expect(execFileSync("docker", ["run", "--rm", `${IMAGE}:0.1.1`, "cat", "/built"], { encoding: "utf8" })).toBe("built-by-a-webhook\n");
    // The secret is write-only: masked in the API, never in the Update.
    expect((await api.get(admin.key, "builds", build.id)).json.config.webhookSecret).toBe("••••••••");
    expect(JSON.stringify(update)).not.toContain(SECRET);
  });

  it("a wrong signature answers 401 and runs nothing, and doesn't use up the delivery id", async () => {
    const build = await createResource(admin.actor, "build", {
      name: "unsigned-build",
      config: { builderId, repoUrl: git.urls("app").git, imageName: IMAGE, webhookEnabled: true, webhookSecret: SECRET },
    });
    const body = pushBody("refs/heads/main", await git.resolve("app", "main"));
    const hook = { type: "build", id: build.id, execution: "run" };
    const delivery = randomUUID();
    for (const signature of [sign(body, "not-the-secret-at-all"), sign(`${body} `), null, "sha256=00"]) {
      const res = await github(hook, body, { delivery, signature });
      expect(res.status, res.text).toBe(401);
      expect(res.json.error.code).toBe("UNAUTHENTICATED");
    }
    expect(await updatesOf(build.id)).toBe(0);
    expect(await db.webhookDelivery.count({ where: { resourceId: build.id } })).toBe(0);
  });
});

describe("Stacks", () => {
  it("a signed push deploys the stack; deploy-if-changed is offered too", async () => {
    const compose = `services:\n  web:\n    image: local/busybox:1\n    command: ["sh", "-c", "exec sleep 3600"]\n    stop_grace_period: 1s\n`;
    const stack = await createResource(admin.actor, "stack", {
      name: PROJECT,
      config: { serverId, files: [{ name: "compose.yaml", contents: compose }], webhookEnabled: true, webhookSecret: SECRET },
    });
    const res = await github({ type: "stack", id: stack.id, execution: "deploy" }, pushBody("refs/heads/main", await git.resolve("app", "main")));
    expect(res.status, res.text).toBe(202);
    const update = await finishedUpdate(res.json.updateId as string);
    expect(update, logText(update)).toMatchObject({ operation: "DeployStack", success: true, operatorId: null, via: "GitHub webhook" });
    expect((await projectContainers()).map((c) => c.State)).toEqual(["running"]);
    const ifChanged = await github({ type: "stack", id: stack.id, execution: "deploy-if-changed" }, pushBody("refs/heads/main", "b".repeat(40)));
    expect(ifChanged.status, ifChanged.text).toBe(202);
    expect(await finishedUpdate(ifChanged.json.updateId as string)).toMatchObject({ operation: "DeployStackIfChanged", via: "GitHub webhook" });
  });
});

describe("Repos", () => {
  it("a signed GitHub push clones the repo at the pushed commit", async () => {
    const repo = await newRepo();
    const head = await git.resolve("app", "main");
    const res = await github({ type: "repo", id: repo.id, execution: "clone" }, pushBody("refs/heads/main", head));
    expect(res.status, res.text).toBe(202);
    const update = await finishedUpdate(res.json.updateId as string);
    expect(update).toMatchObject({ operation: "CloneRepo", success: true, operatorId: null, via: "GitHub webhook" });
    expect(((await db.repo.findUniqueOrThrow({ where: { id: repo.id } })).info as RepoInfo).latestCommit?.hash).toBe(head);
  });

  it("a push to another branch, a tag, a ping and other events run nothing", async () => {
    const repo = await newRepo();
    const hook = { type: "repo", id: repo.id, execution: "clone" };
    const head = await git.resolve("app", "main");
    const other = await github(hook, pushBody("refs/heads/dev", head));
    expect(other.status).toBe(200);
    expect(other.json).toEqual({ status: "ignored", reason: "branch dev: this runs on pushes to main" });
    expect((await github(hook, pushBody("refs/tags/v1", head))).json).toEqual({ status: "ignored", reason: "ref refs/tags/v1: not a branch" });
    expect((await github(hook, JSON.stringify({ zen: "hi", hook_id: 1 }), { event: "ping" })).json).toMatchObject({ status: "ignored" });
    expect((await github(hook, JSON.stringify({ action: "opened" }), { event: "issues" })).json).toMatchObject({ status: "ignored" });
    expect((await github(hook, pushBody("refs/heads/main", "0".repeat(40)))).json).toEqual({ status: "ignored", reason: "branch main was deleted" });
    expect(await updatesOf(repo.id)).toBe(0);
  });

  it("a replayed delivery runs nothing: the same id, the same body under a new id, or both at once", async () => {
    const repo = await newRepo();
    const hook = { type: "repo", id: repo.id, execution: "clone" };
    const body = pushBody("refs/heads/main", await git.resolve("app", "main"));
    const delivery = randomUUID();
    const first = await github(hook, body, { delivery });
    expect(first.status, first.text).toBe(202);
    await finishedUpdate(first.json.updateId as string);
    const again = await github(hook, body, { delivery });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ status: "already handled", updateId: first.json.updateId });
    // GitHub signs the body, not the headers: a captured delivery under a fresh id is still a replay.
    expect((await github(hook, body, { delivery: randomUUID() })).json).toMatchObject({ status: "already handled" });
    expect(await updatesOf(repo.id)).toBe(1);

    const racing = pushBody("refs/heads/main", await git.resolve("app", "main"));
    const both = await Promise.all([github(hook, racing, { delivery: "race" }), github(hook, racing, { delivery: "race" })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 202]);
    await finishedUpdate(both.find((r) => r.status === 202)!.json.updateId as string);
    expect(await updatesOf(repo.id)).toBe(2);
  });

  it("GitLab: the right token runs, a wrong one is 401, and a delivery without an event UUID is deduplicated by its body", async () => {
    const repo = await newRepo();
    const hook = { type: "repo", id: repo.id, execution: "clone" };
    const body = pushBody("refs/heads/main", await git.resolve("app", "main"));
    const wrong = await gitlab(hook, body, { token: `${SECRET}x` });
    expect(wrong.status).toBe(401);
    expect(await updatesOf(repo.id)).toBe(0);
    const res = await gitlab(hook, body, { uuid: null });
    expect(res.status, res.text).toBe(202);
    const update = await finishedUpdate(res.json.updateId as string);
    expect(update).toMatchObject({ success: true, operatorId: null, via: "GitLab webhook" });
    expect(logText(update)).toContain("GitLab webhook: push to refs/heads/main");
    expect((await gitlab(hook, body, { uuid: null })).json).toMatchObject({ status: "already handled" });
    expect(await updatesOf(repo.id)).toBe(1);
  });

  it("a disabled webhook, no secret, an unknown id or execution, and another resource's secret run nothing", async () => {
    const disabled = await newRepo({ webhookEnabled: false });
    const noSecret = await newRepo({ webhookSecret: undefined });
    const other = await newRepo({ webhookSecret: `another-${randomUUID()}` });
    const body = pushBody("refs/heads/main", await git.resolve("app", "main"));
    const answers = await Promise.all([
      github({ type: "repo", id: disabled.id, execution: "clone" }, body),
      github({ type: "repo", id: noSecret.id, execution: "clone" }, body),
      github({ type: "repo", id: "no-such-repo", execution: "clone" }, body),
      github({ type: "repo", id: disabled.id, execution: "destroy" }, body),
      github({ type: "deployment", id: disabled.id, execution: "deploy" }, body),
    ]);
    for (const a of answers) expect([a.status, a.json]).toEqual([404, { error: { code: "NOT_FOUND", message: "Webhook not found" } }]);
    expect((await github({ type: "repo", id: other.id, execution: "clone" }, body)).status).toBe(401);
    for (const r of [disabled, noSecret, other]) expect(await updatesOf(r.id)).toBe(0);
  });

  it("answers 400 for a signed body that isn't JSON and 413 past the body limit, running nothing", async () => {
    const repo = await newRepo();
    const hook = { type: "repo", id: repo.id, execution: "clone" };
    const bad = await github(hook, "{not json");
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe("The body is not valid JSON");
    const big = JSON.stringify({ ref: "refs/heads/main", padding: "x".repeat(300 * 1024) });
    expect((await github(hook, big)).status).toBe(413);
    expect(await updatesOf(repo.id)).toBe(0);
  });

  it("a run refused before it starts releases the delivery, so the provider's redelivery can run it later", async () => {
    // A pull of a repo never cloned is allowed; an on-pull command reaches the host, which a webhook may not.
    const repo = await newRepo({ onPullCommand: "echo hi" });
    const hook = { type: "repo", id: repo.id, execution: "pull" };
    const body = pushBody("refs/heads/main", await git.resolve("app", "main"));
    const refused = await github(hook, body, { delivery: "redeliver-me" });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/host access/);
    expect(await updatesOf(repo.id)).toBe(0);
    await updateResource(admin.actor, "repo", repo.id, { config: { onPullCommand: "" } });
    const redelivered = await github({ ...hook, execution: "clone" }, body, { delivery: "redeliver-me" });
    expect(redelivered.status, redelivered.text).toBe(202);
  });
});

describe("the webhook actor", () => {
  it("may run its one resource and nothing else: not another resource, not a write, not a Variable", async () => {
    const mine = await newRepo();
    const theirs = await newRepo();
    await createResource(admin.actor, "variable", { name: "WEBHOOK_SHOULD_NOT_READ", config: { value: "x" } });
    const actor = webhookActor("github", { type: "repo", id: mine.id, config: { serverId } }, "test");
    await expect(syncRepo(actor, theirs.id, "clone")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(runBuild(actor, theirs.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(authorize(actor, "write", { kind: "resource", type: "repo", id: mine.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(authorize(actor, "execute", { kind: "resource", type: "repo", id: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(authorize(actor, "admin", { kind: "system" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(authorize(actor, "create", { kind: "collection", type: "tag" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createResource(actor, "repo", { name: "made-by-a-webhook", config: {} })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const vars = await loadInterpolator(actor);
    vars.apply("[[WEBHOOK_SHOULD_NOT_READ]]", "test");
    expect(() => vars.assertComplete()).toThrow(/Unknown variable/);
    // Its own resource, through the real execution path.
    const { updateId } = await syncRepo(actor, mine.id, "clone");
    expect(await finishedUpdate(updateId)).toMatchObject({ success: true, via: "GitHub webhook" });
  });
});

describe("pruning", () => {
  it("the prune-history job drops deliveries older than 7 days and keeps recent ones", async () => {
    const old = await db.webhookDelivery.create({
      data: { provider: "github", deliveryId: "id:old", resourceType: "repo", resourceId: "r", createdAt: new Date(Date.now() - 8 * 86_400_000) },
    });
    const recent = await db.webhookDelivery.create({ data: { provider: "github", deliveryId: "id:recent", resourceType: "repo", resourceId: "r" } });
    const result = (await JOBS["prune-history"]!.run()) as { webhookDeliveries: number };
    expect(result.webhookDeliveries).toBeGreaterThanOrEqual(1);
    expect(await db.webhookDelivery.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.webhookDelivery.findUnique({ where: { id: recent.id } })).not.toBeNull();
  });
});
