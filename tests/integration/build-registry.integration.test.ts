// Builds for real: a git repo on loopback, built with BuildKit on a Builder's Server, tagged
// with its version, latest and commit, and pushed with a registry credential to Debian's
// docker-registry on loopback. A secret build arg never reaches the image's history or a log.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runBuild } from "@/lib/executions/build";
import type { BuildInfo } from "@/lib/resources/build/info";
import { createResource, updateResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { connectAgent, finishedUpdate, logText } from "../helpers/core-agent";
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

const refusalOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string; message: string; fields?: Record<string, string[]> }) => e,
  );
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
