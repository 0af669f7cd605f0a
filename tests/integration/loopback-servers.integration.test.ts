// The loopback stand-ins for git hosts and an image registry (tests/helpers/git-servers.ts,
// tests/helpers/registry.ts) behave like the real thing for the plain git and docker CLIs, so that
// feature tests built on them test the feature and not the stand-in: every transport clones the
// right commit, and wrong or missing credentials are refused.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage } from "@/agent/docker/test-support";
import { ensureDocker } from "@/scripts/lib/docker";
import { startGitServers, type GitServers } from "../helpers/git-servers";
import { startRegistry, type LoopbackRegistry } from "../helpers/registry";

const exec = promisify(execFile);
/** Runs a CLI and returns its exit code and output instead of throwing, so refusals can be asserted. */
async function cli(file: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    const child = execFile(file, args, { cwd: opts.cwd, env: opts.env ?? process.env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code as number) : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    else child.stdin!.end();
  });
}

/** git with no prompts and no user/system config, as an agent would run it. */
const gitEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  GIT_TERMINAL_PROMPT: "0",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  ...extra,
});
const basic = (user: string, secret: string) => `Authorization: Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;

describe("git servers on loopback", () => {
  let servers: GitServers;
  let scratch: string;
  let first: string;
  let second: string;
  let featureHead: string;

  beforeAll(async () => {
    servers = await startGitServers();
    scratch = await mkdtemp(path.join(os.tmpdir(), "wh-git-clients-"));
    first = await servers.createRepo("app", { "README.md": "first\n", "deploy/compose.yaml": "services: {}\n" });
    second = await servers.commit("app", { "README.md": "second\n" }, "Second commit");
    await servers.tag("app", "v1.0.0", first, "release 1.0.0");
    featureHead = await servers.commit("app", { "feature.txt": "on a branch\n" }, "Feature work", "feature");
  });
  afterAll(async () => {
    await servers?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const cloneInto = async (url: string, args: string[] = [], env: NodeJS.ProcessEnv = gitEnv(), gitArgs: string[] = []) => {
    const dir = path.join(scratch, randomBytes(4).toString("hex"));
    const result = await cli("git", [...gitArgs, "clone", "-q", ...args, url, dir], { env });
    return { dir, ...result };
  };
  const head = async (dir: string) => (await exec("git", ["-C", dir, "rev-parse", "HEAD"])).stdout.trim();

  it("builds history the helper reports: main moves, the tag and the branch point where they were made", async () => {
    expect(await servers.resolve("app", "main")).toBe(second);
    expect(await servers.resolve("app", "v1.0.0")).toBe(first);
    expect(await servers.resolve("app", "feature")).toBe(featureHead);
    expect(featureHead).not.toBe(second);
    expect(servers.urls("app").file).toBe(`file://${servers.repoPath("app")}`);
    await expect(servers.commit("nope", {}, "x")).rejects.toThrow(/no repo nope/);
    await expect(servers.createRepo("../escape", {})).rejects.toThrow(/invalid repo name/);
  });

  it("serves file:// clones, of a branch and of a tag", async () => {
    const main = await cloneInto(servers.urls("app").file);
    expect(main.code, main.out).toBe(0);
    expect(await head(main.dir)).toBe(second);
    expect(await readFile(path.join(main.dir, "README.md"), "utf8")).toBe("second\n");
    expect(await readFile(path.join(main.dir, "deploy/compose.yaml"), "utf8")).toBe("services: {}\n");

    const tagged = await cloneInto(servers.urls("app").file, ["--branch", "v1.0.0", "--depth", "1"]);
    expect(tagged.code, tagged.out).toBe(0);
    expect(await head(tagged.dir)).toBe(first);
  });

  it("serves git:// clones through git daemon", async () => {
    const url = servers.urls("app").git;
    expect(url).toMatch(/^git:\/\/127\.0\.0\.1:\d+\/app\.git$/);
    const main = await cloneInto(url, ["--depth", "1"]);
    expect(main.code, main.out).toBe(0);
    expect(await head(main.dir)).toBe(second);
    const feature = await cloneInto(url, ["--branch", "feature"]);
    expect(feature.code, feature.out).toBe(0);
    expect(await head(feature.dir)).toBe(featureHead);
    const missing = await cloneInto(url.replace("app.git", "missing.git"));
    expect(missing.code).not.toBe(0);
  });

  it("serves smart-HTTP clones only with the right username and token", async () => {
    const url = servers.urls("app").http;
    const { username, token } = servers.httpAuth;
    servers.httpRequests.length = 0;

    const good = await cloneInto(url, [], gitEnv(), ["-c", `http.extraHeader=${basic(username, token)}`]);
    expect(good.code, good.out).toBe(0);
    expect(await head(good.dir)).toBe(second);
    expect(servers.httpRequests.some((r) => r.path.startsWith("/app.git/info/refs") && r.auth === "valid" && r.status === 200)).toBe(true);
    expect(servers.httpRequests.some((r) => r.path === "/app.git/git-upload-pack" && r.method === "POST" && r.status === 200)).toBe(true);

    // The way an agent would hand over a token: a credential helper, never the URL or .git/config.
    const helper = path.join(scratch, "credential-helper.sh");
    await writeFile(helper, `#!/bin/sh\n[ "$1" = get ] && printf 'username=%s\\npassword=%s\\n' "$WH_USER" "$WH_TOKEN"\nexit 0\n`, { mode: 0o700 });
    const viaHelper = await cloneInto(url, [], gitEnv({ WH_USER: username, WH_TOKEN: token }), ["-c", `credential.helper=${helper}`]);
    expect(viaHelper.code, viaHelper.out).toBe(0);
    expect(await head(viaHelper.dir)).toBe(second);
    expect(await readFile(path.join(viaHelper.dir, ".git/config"), "utf8")).not.toContain(token);

    servers.httpRequests.length = 0;
    const wrong = await cloneInto(url, [], gitEnv(), ["-c", `http.extraHeader=${basic(username, "not-the-token")}`]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toMatch(/Authentication failed|401|could not read Username/i);
    expect(servers.httpRequests.length).toBeGreaterThan(0);
    expect(servers.httpRequests.every((r) => r.auth === "invalid" && r.status === 401)).toBe(true);

    servers.httpRequests.length = 0;
    const anonymous = await cloneInto(url);
    expect(anonymous.code).not.toBe(0);
    expect(servers.httpRequests[0]).toMatchObject({ auth: "none", status: 401 });
  });

  it("serves ssh:// clones with the test key, verifying the exposed host key, and refuses another key", async () => {
    const url = servers.urls("app").ssh;
    expect(url).toBe(`ssh://${servers.sshUser}@127.0.0.1:${servers.ports.ssh}${servers.repoPath("app")}`);
    const knownHosts = path.join(scratch, "known_hosts");
    await writeFile(knownHosts, servers.sshKnownHostsLine + "\n");
    // The key as a Credential would hold it: text, written to a 0600 file by whoever uses it.
    const keyFile = path.join(scratch, "id_test");
    await writeFile(keyFile, servers.sshPrivateKey, { mode: 0o600 });
    const sshCommand = (key: string, hosts: string) =>
      `ssh -F /dev/null -i ${key} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=${hosts}`;

    const good = await cloneInto(url, ["--branch", "feature"], gitEnv({ GIT_SSH_COMMAND: sshCommand(keyFile, knownHosts) }));
    expect(good.code, good.out).toBe(0);
    expect(await head(good.dir)).toBe(featureHead);

    const otherKey = path.join(scratch, "id_other");
    await exec("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherKey]);
    const refused = await cloneInto(url, [], gitEnv({ GIT_SSH_COMMAND: sshCommand(otherKey, knownHosts) }));
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/Permission denied/);

    // A client that does not know this host key must not connect: the host key is really checked.
    const emptyHosts = path.join(scratch, "empty_known_hosts");
    await writeFile(emptyHosts, "");
    const unknownHost = await cloneInto(url, [], gitEnv({ GIT_SSH_COMMAND: sshCommand(keyFile, emptyHosts) }));
    expect(unknownHost.code).not.toBe(0);
    expect(unknownHost.out).toMatch(/Host key verification failed/);
  });
});

describe("image registry on loopback", () => {
  const username = "wh-pusher";
  const password = `pw-${randomBytes(8).toString("hex")}`;
  let registry: LoopbackRegistry;
  let dockerConfig: string;
  let tag: string;
  const tagsToRemove: string[] = [];

  beforeAll(async () => {
    await ensureDocker();
    registry = await startRegistry({ username, password });
    dockerConfig = await mkdtemp(path.join(os.tmpdir(), "wh-docker-config-"));
    tag = `${registry.host}/wh-test/loopback:${randomBytes(3).toString("hex")}`;
  });
  afterAll(async () => {
    for (const t of tagsToRemove) await cli("docker", ["rmi", t]);
    await registry?.stop();
    if (dockerConfig) await rm(dockerConfig, { recursive: true, force: true });
  });

  const docker = (args: string[], input?: string, config = dockerConfig) => cli("docker", ["--config", config, ...args], { input });

  it("refuses a wrong password and anonymous pushes", async () => {
    const wrong = await docker(["login", registry.host, "-u", username, "--password-stdin"], "not-the-password");
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toMatch(/unauthorized|401/i);

    // A unique layer, so the build is never a cache hit on someone else's image that cleanup could remove.
    await buildImage(tag, [`RUN echo ${randomBytes(8).toString("hex")} > /marker`]);
    tagsToRemove.push(tag);
    const anonymous = await docker(["push", tag]);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.out).toMatch(/no basic auth credentials|unauthorized/i);
  });

  it("takes a push after docker login and serves the same image back to docker pull", async () => {
    const login = await docker(["login", registry.host, "-u", username, "--password-stdin"], password);
    expect(login.code, login.out).toBe(0);
    const builtId = (await exec("docker", ["image", "inspect", "-f", "{{.Id}}", tag])).stdout.trim();

    const push = await docker(["push", tag]);
    expect(push.code, push.out).toBe(0);

    const removed = await cli("docker", ["rmi", tag]);
    expect(removed.code, removed.out).toBe(0);
    expect((await cli("docker", ["image", "inspect", tag])).code).not.toBe(0);

    const pull = await docker(["pull", tag]);
    expect(pull.code, pull.out).toBe(0);
    const pulledId = (await exec("docker", ["image", "inspect", "-f", "{{.Id}}", tag])).stdout.trim();
    expect(pulledId).toBe(builtId);

    // The registry's own API agrees, with the same credentials (and only with them).
    const repo = tag.slice(registry.host.length + 1).split(":")[0];
    const auth = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    const tags = await fetch(`${registry.url}/v2/${repo}/tags/list`, { headers: { authorization: auth } });
    expect(tags.status).toBe(200);
    expect(((await tags.json()) as { tags: string[] }).tags).toContain(tag.split(":").pop());
    expect((await fetch(`${registry.url}/v2/${repo}/tags/list`)).status).toBe(401);
  });
});
