// Stacks whose compose files come from git (checked out by the agent in the stack's folder) or
// from a folder on the host. Deploy-if-changed compares the commit and the files with the last
// deploy. Real core, real agent, a real git server on loopback, real Docker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { remoteHead } from "@/lib/executions/git-head";
import { deployStack, stackAction } from "@/lib/executions/stack";
import type { StackInfo } from "@/lib/resources/stack/info";
import { createResource, updateResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { docker } from "@/agent/docker/client";
import { connectAgent, finishedUpdate, logText } from "../helpers/core-agent";
import { refusalOf } from "../helpers/refusal";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { startGitServers, type GitServers } from "../helpers/git-servers";
import { grant } from "../helpers/resources";

const project = `wh-git-stack-${Date.now().toString(36)}`;
let git: GitServers;
let admin: TestUser;
let serverId: string;
let stackId: string;
let disconnect: (() => Promise<void>) | undefined;

const compose = (greeting: string) =>
  `services:\n  web:\n    image: local/busybox:1\n    command: ["sh", "-c", "echo ${greeting}; exec sleep 3600"]\n    stop_grace_period: 1s\n  helper:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n    stop_grace_period: 1s\n`;
const containers = async () => docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
const byService = async () => Object.fromEntries((await containers()).map((c) => [c.Labels["com.docker.compose.service"], c.Id]));
const info = async () => (await db.stack.findUniqueOrThrow({ where: { id: stackId } })).info as StackInfo;

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  git = await startGitServers();
  await git.createRepo("ops", { "deploy/compose.yaml": compose("first") });
  ({ id: serverId, close: disconnect } = await connectAgent(admin.actor, "server", "stack-git-host"));
  stackId = (
    await createResource(admin.actor, "stack", {
      name: project,
      config: { serverId, source: "git", repoUrl: git.urls("ops").git, filePaths: ["deploy/compose.yaml"], ignoreServices: ["helper"], autoPull: false },
    })
  ).id;
}, 600_000);

afterAll(async () => {
  for (const c of await containers().catch(() => [])) await docker().getContainer(c.Id).remove({ force: true });
  await disconnect?.();
  await git?.stop();
});

describe("a stack from git", () => {
  it("deploys the repository's compose file, leaving ignored services alone, and records the commit", async () => {
    const update = await finishedUpdate((await deployStack(admin.actor, stackId)).updateId);
    expect(update.error).toBeNull();
    const head = await git.resolve("ops", "main");
    expect(Object.keys(await byService())).toEqual(["web"]);
    expect((await info()).deployed).toMatchObject({ commit: head });
    expect(logText(update)).toContain(head);
  });

  it("deploy-if-changed does nothing on the same commit and redeploys on a new one", async () => {
    const before = await byService();
    const same = await finishedUpdate((await deployStack(admin.actor, stackId, { ifChanged: true })).updateId);
    expect(same.error).toBeNull();
    expect(logText(same)).toMatch(/Nothing changed since the last deploy/);
    expect(await byService()).toEqual(before);

    const next = await git.commit("ops", { "deploy/compose.yaml": compose("second") }, "second greeting");
    // The page shows the remote ahead of what runs, asked through the agent.
    expect(await remoteHead(admin.actor, "stacks", stackId)).toEqual({ branch: "main", hash: next });
    const viewer = await makeUser();
    await grant({ userId: viewer.id }, "stack", "Read", { id: stackId });
    expect((await refusalOf(remoteHead({ ...viewer.actor }, "stacks", stackId)))?.code).toBe("FORBIDDEN");
    const changed = await finishedUpdate((await deployStack(admin.actor, stackId, { ifChanged: true })).updateId);
    expect(changed.error).toBeNull();
    expect((await byService()).web).not.toBe(before.web);
    expect((await info()).deployed?.commit).toBe(next);
  });

  it("names a compose file missing from the repository, keeps the stack running, and shows it on the stack", async () => {
    const before = await byService();
    const config = (await db.stack.findUniqueOrThrow({ where: { id: stackId } })).config as Record<string, unknown>;
    await updateResource(admin.actor, "stack", stackId, { config: { ...config, filePaths: ["deploy/compose.yaml", "deploy/missing.yaml"] } });
    const update = await finishedUpdate((await deployStack(admin.actor, stackId)).updateId);
    expect(update.success).toBe(false);
    expect(update.error).toBe("Compose file deploy/missing.yaml is missing in the repository");
    expect((await info()).missingFiles).toEqual(["deploy/missing.yaml"]);
    expect(await byService()).toEqual(before);
    await updateResource(admin.actor, "stack", stackId, { config });
  });

  it("stops and destroys through the files of its checkout", async () => {
    expect((await finishedUpdate((await stackAction(admin.actor, stackId, "destroy")).updateId)).error).toBeNull();
    expect(await containers()).toEqual([]);
  });
});

describe("a stack from a linked Repo", () => {
  it("deploys from the Repo's remote with the Repo's credential; linking a Repo needs Execute on it", async () => {
    const credential = (
      await createResource(admin.actor, "credential", {
        name: "ops-http",
        config: { kind: "git", domain: `127.0.0.1:${git.ports.http}`, username: git.httpAuth.username, token: git.httpAuth.token },
      })
    ).id;
    const repoId = (await createResource(admin.actor, "repo", { name: "ops-repo", config: { repoUrl: git.urls("ops").http, gitCredentialId: credential } })).id;
    const name = `${project}-linked`;
    const id = (
      await createResource(admin.actor, "stack", { name, config: { serverId, source: "git", repoId, filePaths: ["deploy/compose.yaml"], autoPull: false } })
    ).id;
    const update = await finishedUpdate((await deployStack(admin.actor, id)).updateId);
    expect(update.error).toBeNull();
    expect(((await db.stack.findUniqueOrThrow({ where: { id } })).info as StackInfo).deployed?.commit).toBe(await git.resolve("ops", "main"));
    expect(JSON.stringify(update)).not.toContain(git.httpAuth.token);
    for (const c of await docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } }))
      await docker().getContainer(c.Id).remove({ force: true });

    const frank = await makeUser();
    await grant({ userId: frank.id }, "stack", "Write", { pattern: "frank-*" });
    await grant({ userId: frank.id }, "server", "Execute", { id: serverId });
    await grant({ userId: frank.id }, "repo", "Read", { id: repoId });
    const refusal = await refusalOf(createResource({ ...frank.actor }, "stack", { name: "frank-stack", config: { serverId, source: "git", repoId } }));
    expect(refusal?.fields).toEqual({ "config.repoId": ["Using repo ops-repo here needs Execute permission on it"] });
  });
});

describe("a stack from a host folder", () => {
  it("needs host access to use a folder on the host", async () => {
    const id = (await createResource(admin.actor, "stack", { name: `${project}-host`, config: { serverId, source: "host", hostPath: git.root } })).id;
    const refusal = await refusalOf(deployStack(admin.actor, id));
    expect(refusal?.code).toBe("FORBIDDEN");
    expect(refusal?.fields).toHaveProperty("config.hostPath");
  });
});
