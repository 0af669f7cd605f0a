// Builds for real: a git repo on loopback, built with BuildKit on a Builder's Server, tagged
// with its version, latest and commit, and pushed with a registry credential to Debian's
// docker-registry on loopback. A secret build arg never reaches the image's history or a log.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runBuild } from "@/lib/executions/build";
import { builderServer } from "@/lib/executions/builder";
import { cancelUpdate } from "@/lib/executions/cancel";
import type { BuildInfo } from "@/lib/resources/build/info";
import { createResource, updateResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { connectAgent, finishedUpdate, logText, until } from "../helpers/core-agent";
import { refusalOf } from "../helpers/refusal";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { startGitServers, type GitServers } from "../helpers/git-servers";
import { startRegistry, type LoopbackRegistry } from "../helpers/registry";
import { grant } from "../helpers/resources";

const SECRET = `s3cret-${Date.now().toString(36)}`;
let git: GitServers;
let registry: LoopbackRegistry;
let admin: TestUser;
let serverId: string;
let builderId: string;
let gitCredential: string;
let registryCredential: string;
let disconnect: (() => Promise<void>) | undefined;
const pushed = new Set<string>();

const info = async (id: string) => (await db.build.findUniqueOrThrow({ where: { id } })).info as BuildInfo;
async function tagsOf(repository: string): Promise<string[]> {
  const res = await fetch(`${registry.url}/v2/${repository}/tags/list`, {
    headers: { authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString("base64")}` },
  });
  if (res.status === 404) return [];
  return (((await res.json()) as { tags?: string[] }).tags ?? []).sort();
}
async function build(id: string) {
  const { updateId } = await runBuild(admin.actor, id);
  const update = await finishedUpdate(updateId, 300_000);
  for (const image of (await info(id)).latest?.images ?? []) pushed.add(image);
  return update;
}
let n = 0;
const config = (extra: Record<string, unknown> = {}) => ({
  builderId,
  source: "git",
  repoUrl: git.urls("app").http,
  gitCredentialId: gitCredential,
  imageName: "team/app",
  tagCommit: true,
  buildArgs: "GREETING=hello",
  secretArgs: "NPM_TOKEN=[[NPM_TOKEN]]",
  registries: [{ domain: registry.host, organization: "", credentialId: registryCredential }],
  ...extra,
});
const newBuild = async (extra: Record<string, unknown> = {}) => (await createResource(admin.actor, "build", { name: `app-${++n}`, config: config(extra) })).id;

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  git = await startGitServers();
  registry = await startRegistry({ username: "pusher", password: `pw-${Date.now().toString(36)}` });
  await git.createRepo("app", {
    Dockerfile: [
      "FROM local/busybox:1",
      "ARG GREETING",
      // Fails the build unless the secret is there; leaves no trace of it in the image.
      'RUN --mount=type=secret,id=NPM_TOKEN test "$(cat /run/secrets/NPM_TOKEN)" != "" && echo "$GREETING" > /greeting',
      'CMD ["cat", "/greeting"]',
    ].join("\n"),
  });
  ({ id: serverId, close: disconnect } = await connectAgent(admin.actor, "server", "builder-host"));
  builderId = (await createResource(admin.actor, "builder", { name: "local", config: { provider: "server", serverIds: [serverId] } })).id;
  gitCredential = (
    await createResource(admin.actor, "credential", {
      name: "git-http",
      config: { kind: "git", domain: `127.0.0.1:${git.ports.http}`, username: git.httpAuth.username, token: git.httpAuth.token },
    })
  ).id;
  registryCredential = (
    await createResource(admin.actor, "credential", {
      name: "registry",
      config: { kind: "registry", domain: registry.host, username: registry.username, token: registry.password },
    })
  ).id;
  await createResource(admin.actor, "variable", { name: "NPM_TOKEN", config: { value: SECRET, secret: true } });
}, 600_000);

afterAll(async () => {
  for (const image of pushed) execFileSync("docker", ["rmi", "-f", image], { stdio: "ignore" });
  await disconnect?.();
  await registry?.stop();
  await git?.stop();
});

describe("a build from git", () => {
  it("builds, tags version, latest and commit, pushes with the credential, and records the version", async () => {
    const id = await newBuild();
    const update = await build(id);
    expect(update.error).toBeNull();
    const head = await git.resolve("app", "main");
    const { latest, history } = await info(id);
    expect(latest).toMatchObject({ version: "0.1.1", commit: { hash: head } });
    expect(latest?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(history?.[0]).toEqual(latest);
    expect(await tagsOf("team/app")).toEqual(expect.arrayContaining(["0.1.1", "latest", head.slice(0, 8)]));
    // The next build starts from the recorded version.
    expect(((await db.build.findUniqueOrThrow({ where: { id } })).config as { version: string }).version).toBe("0.1.1");
    // The secret was there (the build checks it) and is nowhere after.
    const historyText = execFileSync("docker", ["history", "--no-trunc", `${registry.host}/team/app:0.1.1`], { encoding: "utf8" });
    expect(historyText).not.toContain(SECRET);
    expect(execFileSync("docker", ["image", "inspect", `${registry.host}/team/app:0.1.1`], { encoding: "utf8" })).not.toContain(SECRET);
    expect(JSON.stringify(update)).not.toContain(SECRET);
    expect(update.logs.map((l) => l.command)).toContain(`docker push ${registry.host}/team/app:0.1.1`);
    expect(logText(update)).toContain(`0.1.1: digest: ${latest?.digest}`);
  });
});

describe("deployments from builds", () => {
  const containers = new Set<string>();
  afterAll(() => {
    for (const id of containers) execFileSync("docker", ["rm", "-f", id], { stdio: "ignore" });
  });
  const running = (name: string) => {
    const id = execFileSync("docker", ["inspect", "--format", "{{.Id}}", name], { encoding: "utf8" }).trim();
    containers.add(id);
    return execFileSync("docker", ["inspect", "--format", "{{.Config.Image}} {{.State.Status}}", id], { encoding: "utf8" }).trim();
  };
  const untag = (images: string[]) => images.forEach((image) => execFileSync("docker", ["rmi", "-f", image], { stdio: "ignore" }));

  it("pulls the Build's image with its registry credential, redeploys on a new build, and rolls back to any earlier deploy", async () => {
    const buildId = await newBuild({ imageName: "team/web", version: "1.0.0" });
    expect((await build(buildId)).error).toBeNull();
    const first = (await info(buildId)).latest!;
    // Only the registry has it now: the deploy must pull, and the registry wants the credential.
    untag(first.images);
    const name = `web-${Date.now().toString(36)}`;
    const d = await createResource(admin.actor, "deployment", {
      name,
      config: { serverId, buildId, buildVersion: "latest", redeployOnBuild: true, command: "sh -c 'cat /greeting; sleep 3600'", restart: "no" },
    });
    const { deploy } = await import("@/lib/executions/deployment");
    const deployed = await finishedUpdate((await deploy(admin.actor, d.id)).updateId);
    expect(deployed.error).toBeNull();
    expect(running(name)).toBe(`${registry.host}/team/web:1.0.1 running`);
    expect(JSON.stringify(deployed)).not.toContain(registry.password);

    // A new commit, a new build: the deployment follows it in an Update of its own.
    await git.commit("app", { "extra.txt": "more\n" }, "more");
    const builtAgain = await build(buildId);
    expect(builtAgain.error).toBeNull();
    const redeploy = /Redeploying deployment .* \(update (\w+)\)/.exec(logText(builtAgain))?.[1];
    expect(redeploy).toBeDefined();
    expect((await finishedUpdate(redeploy!)).error).toBeNull();
    expect(running(name)).toBe(`${registry.host}/team/web:1.0.2 running`);

    // Back to the first deploy, by its Update: the image it ran, not whatever latest is now.
    const { rollback } = await import("@/lib/executions/deployment");
    const back = await finishedUpdate((await rollback(admin.actor, d.id, { to: deployed.id })).updateId);
    expect(back.error).toBeNull();
    expect(running(name)).toBe(`${registry.host}/team/web:1.0.1 running`);
    const history = ((await db.deployment.findUniqueOrThrow({ where: { id: d.id } })).info as { history: { image: string }[] }).history;
    expect(history.map((h) => h.image)).toEqual([`${registry.host}/team/web:1.0.1`, `${registry.host}/team/web:1.0.2`, `${registry.host}/team/web:1.0.1`]);
  });

  it("redeploys as the person who set it to redeploy on build, whoever started the build", async () => {
    const buildId = await newBuild({ imageName: "team/armed" });
    expect((await build(buildId)).error).toBeNull();
    const name = `armed-${Date.now().toString(36)}`;
    const d = await createResource(admin.actor, "deployment", {
      name,
      config: { serverId, buildId, redeployOnBuild: true, command: "sh -c 'sleep 3600'", restart: "no" },
    });
    const { deploy } = await import("@/lib/executions/deployment");
    expect((await finishedUpdate((await deploy(admin.actor, d.id)).updateId)).error).toBeNull();
    // Grace may run the build, and nothing of the deployment or its server.
    const grace = await makeUser();
    await grant({ userId: grace.id }, "build", "Execute", { id: buildId });
    await grant({ userId: grace.id }, "builder", "Execute", { id: builderId });
    await grant({ userId: grace.id }, "variable", "Read", { pattern: "NPM_TOKEN" });
    const built = await finishedUpdate((await runBuild({ ...grace.actor }, buildId)).updateId, 300_000);
    expect(built.error).toBeNull();
    for (const image of (await info(buildId)).latest?.images ?? []) pushed.add(image);
    const redeploy = /Redeploying deployment .* as (\S+) \(update (\w+)\)/.exec(logText(built));
    expect(redeploy?.[1]).toBe(admin.actor.username);
    const update = await finishedUpdate(redeploy![2]!);
    expect(update.error).toBeNull();
    expect(update.operatorId).toBe(admin.id);
    expect(logText(update)).toContain(`started by ${grace.actor.username}`);
    expect(running(name)).toBe(`${registry.host}/team/armed:0.1.2 running`);
  });

  it("pulls a newer image under the same tag, and refuses a Build's credential to someone without Execute on it", async () => {
    const buildId = await newBuild({ imageName: "team/tagged", tagVersion: false, tagLatest: true, tagCommit: false });
    expect((await build(buildId)).error).toBeNull();
    const name = `tagged-${Date.now().toString(36)}`;
    const d = await createResource(admin.actor, "deployment", { name, config: { serverId, buildId, command: "sh -c 'sleep 3600'", restart: "no" } });
    const { deploy } = await import("@/lib/executions/deployment");
    expect((await finishedUpdate((await deploy(admin.actor, d.id)).updateId)).error).toBeNull();
    // Someone pushes another image as latest from elsewhere; the local tag is stale.
    const before = execFileSync("docker", ["inspect", "--format", "{{.Id}}", `${registry.host}/team/tagged:latest`], { encoding: "utf8" }).trim();
    await updateResource(admin.actor, "build", buildId, {
      config: config({ imageName: "team/tagged", tagVersion: false, tagLatest: true, tagCommit: false, buildArgs: "GREETING=changed" }),
    });
    expect((await build(buildId)).error).toBeNull();
    execFileSync("docker", ["tag", before, `${registry.host}/team/tagged:latest`]);
    const again = await finishedUpdate((await deploy(admin.actor, d.id)).updateId);
    expect(again.error).toBeNull();
    expect(logText(again)).toMatch(/The registry has a newer/);
    expect(execFileSync("docker", ["inspect", "--format", "{{.Image}}", name], { encoding: "utf8" }).trim()).not.toBe(before);

    const dave = await makeUser();
    await grant({ userId: dave.id }, "deployment", "Execute", { id: d.id });
    await grant({ userId: dave.id }, "server", "Execute", { id: serverId });
    const refusal = await refusalOf(
      deploy({ ...dave.actor }, d.id)
        .then((r) => finishedUpdate(r.updateId))
        .then((u) => Promise.reject(new Error(u.error ?? "ran"))),
    );
    expect(refusal?.message).toMatch(/^Pulling .*team\/tagged:.* uses credential registry, which needs Execute permission on it/);
  });
});

describe("bad input fails clearly and changes nothing", () => {
  it("a wrong registry password fails the push and leaves the pushed image as it was", async () => {
    const before = await tagsOf("team/app");
    const wrong = (
      await createResource(admin.actor, "credential", {
        name: "wrong-registry",
        config: { kind: "registry", domain: registry.host, username: "pusher", token: "wrong-password" },
      })
    ).id;
    const id = await newBuild({ registries: [{ domain: registry.host, organization: "", credentialId: wrong }], version: "5.0.0" });
    const update = await build(id);
    expect(update.success).toBe(false);
    expect(update.error).toMatch(/docker push .* failed/);
    expect(update.error).toMatch(/unauthorized|authentication required|no basic auth/i);
    expect(JSON.stringify(update)).not.toContain("wrong-password");
    expect(await tagsOf("team/app")).toEqual(before);
    expect(await info(id)).toEqual({});
  });

  it("a missing Dockerfile fails the Update saying where it looked", async () => {
    const id = await newBuild({ dockerfilePath: "docker/Dockerfile.prod" });
    const update = await build(id);
    expect(update.success).toBe(false);
    expect(update.error).toBe("No Dockerfile at docker/Dockerfile.prod in the repository");
  });

  it("an unreachable remote fails the Update", async () => {
    const id = await newBuild({ repoUrl: "git://127.0.0.1:1/none.git", gitCredentialId: "" });
    const update = await build(id);
    expect(update.success).toBe(false);
    expect(update.error).toMatch(/git clone .* failed/);
  });

  it("an unknown Builder and a cloud Builder are refused before anything runs", async () => {
    const id = await newBuild();
    await db.$executeRaw`UPDATE "Build" SET config = jsonb_set(config, '{builderId}', '"gone"') WHERE id = ${id}`;
    let updates = await db.update.count();
    expect((await refusalOf(runBuild(admin.actor, id)))?.message).toBe("The configured builder no longer exists");
    expect(await db.update.count()).toBe(updates);
    const aws = (await createResource(admin.actor, "builder", { name: "aws", config: { provider: "aws", awsRegion: "eu-west-1" } })).id;
    await updateResource(admin.actor, "build", id, { config: config({ builderId: aws }) });
    updates = await db.update.count();
    expect((await refusalOf(runBuild(admin.actor, id)))?.message).toMatch(/^AWS builders are not available in this build of Wheelhouse/);
    expect(await db.update.count()).toBe(updates);
  });
});

describe("cancelling", () => {
  it("stops a running build on the agent, fails the Update as cancelled, and is refused to someone who can't run it", async () => {
    const id = (
      await createResource(admin.actor, "build", {
        name: "slow",
        config: { builderId, source: "ui", dockerfile: `FROM local/busybox:1\nRUN echo started-${Date.now()} && sleep 120\n`, imageName: "team/slow" },
      })
    ).id;
    const { updateId } = await runBuild(admin.actor, id);
    await until(async () => (await db.updateLog.findFirst({ where: { updateId, stage: "build" } })) !== null, "the build to start");
    const erin = await makeUser();
    await grant({ userId: erin.id }, "build", "Read", { id });
    expect((await refusalOf(cancelUpdate({ ...erin.actor }, updateId)))?.code).toBe("FORBIDDEN");
    expect(await cancelUpdate(admin.actor, updateId)).toEqual({ cancelled: 1 });
    const update = await finishedUpdate(updateId);
    expect(update.success).toBe(false);
    expect(update.error).toBe("Cancelled");
    expect(logText(update)).toContain(`Cancelled by ${admin.actor.username}`);
    expect(await info(id)).toEqual({});
    expect(execFileSync("docker", ["images", "-q", "team/slow"], { encoding: "utf8" }).trim()).toBe("");
    expect((await refusalOf(cancelUpdate(admin.actor, updateId)))?.message).toBe("This Update has already ended");
  });
});

describe("a Builder of several Servers", () => {
  it("takes the first connected Server with a free slot, and the next one while the first is busy", async () => {
    const second = await connectAgent(admin.actor, "server", "builder-host-2");
    try {
      const offline = (await createResource(admin.actor, "server", { name: "builder-offline" })).id;
      const id = (await createResource(admin.actor, "builder", { name: "pair", config: { serverIds: [offline, serverId, second.id], maxConcurrentBuilds: 1 } }))
        .id;
      expect((await builderServer(admin.actor, id)).serverId).toBe(serverId);
      // A build in flight on the first connected server fills its one slot.
      const { agentId } = await db.server.findUniqueOrThrow({ where: { id: serverId }, select: { agentId: true } });
      const busy = await db.agentCommand.create({
        data: {
          agentId: agentId!,
          idempotencyKey: `busy-${Date.now()}`,
          payload: { kind: "build.run" },
          status: "acked",
          deadline: new Date(Date.now() + 600_000),
        },
      });
      try {
        expect((await builderServer(admin.actor, id)).serverId).toBe(second.id);
      } finally {
        await db.agentCommand.delete({ where: { id: busy.id } });
      }
      expect((await builderServer(admin.actor, id)).serverId).toBe(serverId);
    } finally {
      await second.close();
    }
  });
});

describe("who may build with what", () => {
  it("pointing a Build at a registry credential needs Execute on that credential", async () => {
    const bob = await makeUser();
    await grant({ userId: bob.id }, "build", "Write", { pattern: "bob-*" });
    await grant({ userId: bob.id }, "builder", "Execute", { id: builderId });
    await grant({ userId: bob.id }, "credential", "Read", "all");
    const refusal = await refusalOf(
      createResource({ ...bob.actor }, "build", {
        name: "bob-app",
        config: {
          builderId,
          source: "ui",
          dockerfile: "FROM local/busybox:1",
          imageName: "bob/app",
          registries: [{ domain: registry.host, credentialId: registryCredential }],
        },
      }),
    );
    expect(refusal?.fields).toEqual({ "config.registries.0.credentialId": ["Using credential registry here needs Execute permission on it"] });
  });

  it("running a Build needs Execute on its Builder", async () => {
    const carol = await makeUser();
    const id = await newBuild();
    await grant({ userId: carol.id }, "build", "Execute", { id });
    expect((await refusalOf(runBuild({ ...carol.actor }, id)))?.message).toBe("This needs Execute permission on builder local");
  });
});
