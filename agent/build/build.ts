// Builds on this host: the source checked out (or the Build's own Dockerfile written), the
// pre-build command, `docker build` with BuildKit, and a push of every tag to each registry.
// Secret build args reach BuildKit as secrets read from the build process's environment, so
// they are in no argument list, no layer and no line of the image's history.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { agentEnv } from "@/agent/env";
import { imageRepository, type BuildPayload, type BuildResult } from "@/lib/protocol/build";
import type { GitCommit } from "@/lib/protocol/git";
import { commandReach } from "@/lib/protocol/host-reach";
import { refuseHostReach } from "../docker/host-reach";
import { redactingLog, redactor, runStage, type LogFn, type StageFn } from "../docker/progress";
import { runProcess } from "../docker/run-process";
import { syncCheckout } from "../git/git";
import { buildkitCli } from "./cli";

export const buildsDir = (): string => path.join(agentEnv.AGENT_STATE_DIR, "builds");

type BuildRun = { log: LogFn; stage: StageFn; signal?: AbortSignal };

/** What a step's failure says: the command as shown, its exit code and its last lines. */
async function step(run: BuildRun, name: string, shown: string, cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  await runStage(run.stage, name, shown, async () => {
    const result = await runProcess(cmd, args, { ...opts, signal: run.signal, onLine: (stream, line) => run.log(name, stream, line) });
    if (result.code !== 0) throw new Error(`${shown} failed (exit ${result.code}):\n${result.tail.join("\n")}`);
  });
}

export async function runBuild(payload: BuildPayload, log: LogFn, stage: StageFn, signal?: AbortSignal): Promise<BuildResult> {
  const secrets = [...payload.redact, ...Object.values(payload.secretArgs), ...payload.registries.flatMap((r) => (r.auth ? [r.auth.password] : []))];
  const redact = redactor(secrets);
  const run: BuildRun = { log: redactingLog(log, secrets), stage: ((n, c, s, ok) => stage(n, redact(c), s, ok)) as StageFn, signal };
  try {
    return await build(payload, run);
  } catch (err) {
    throw new Error(redact(err instanceof Error ? err.message : String(err)));
  }
}

async function build(payload: BuildPayload, run: BuildRun): Promise<BuildResult> {
  refuseHostReach(commandReach("preBuildCommand", payload.preBuild), payload.hostAccess);
  const folder = path.join(buildsDir(), payload.name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-"));
  await mkdir(buildsDir(), { recursive: true, mode: 0o700 });
  let commit: GitCommit | null = null;
  if (payload.source.kind === "git") {
    commit = await syncCheckout(run, folder, payload.source.git, "clone", false);
    run.log("commit", "stdout", `${commit.hash} ${commit.message}`);
  } else {
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await writeFile(path.join(folder, payload.buildPath, payload.dockerfilePath), payload.source.dockerfile);
  }
  const context = path.resolve(folder, payload.buildPath);
  const dockerfile = path.resolve(context, payload.dockerfilePath);
  // Both stay inside the checkout: a path with ../ must not build from elsewhere on the host.
  const inside: [string, string][] = [
    ["build path", context],
    ["Dockerfile path", dockerfile],
  ];
  for (const [what, p] of inside) if (p !== folder && !p.startsWith(`${folder}${path.sep}`)) throw new Error(`The ${what} leaves the build's folder`);
  if (!existsSync(dockerfile))
    throw new Error(`No Dockerfile at ${path.relative(folder, dockerfile)} in the ${payload.source.kind === "git" ? "repository" : "build folder"}`);

  if (payload.preBuild.trim()) await step(run, "pre build", payload.preBuild, "sh", ["-c", payload.preBuild], { cwd: folder });

  const tags = [...payload.tags, ...(payload.tagCommit && commit ? [commit.hash.slice(0, 8)] : [])];
  const repositories = payload.registries.length ? payload.registries.map((r) => imageRepository(payload.image, r)) : [payload.image];
  const refs = repositories.flatMap((repo) => tags.map((tag) => `${repo}:${tag}`));
  const cli = await buildkitCli();
  const secretEnv = Object.fromEntries(Object.values(payload.secretArgs).map((value, i) => [`WH_BUILD_SECRET_${i}`, value]));
  const args = [
    "build",
    "--progress",
    "plain",
    "-f",
    dockerfile,
    ...Object.entries(payload.buildArgs).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
    ...Object.keys(payload.secretArgs).flatMap((key, i) => ["--secret", `id=${key},env=WH_BUILD_SECRET_${i}`]),
    ...Object.entries(payload.labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
    ...refs.flatMap((ref) => ["-t", ref]),
    context,
  ];
  const shown = `docker build -f ${path.relative(folder, dockerfile)} ${refs.map((r) => `-t ${r}`).join(" ")} ${path.relative(folder, context) || "."}`;
  await step(run, "build", shown, cli, args, { cwd: folder, env: { DOCKER_BUILDKIT: "1", ...secretEnv } });

  const pushed = payload.registries.length ? await push(run, cli, payload, refs) : null;
  const imageId = (await inspect(cli, refs[0]!, "{{.Id}}")).trim();
  return { commit, images: refs, digest: pushed, imageId };
}

/** Pushes every ref, logged in through a config folder of its own that is removed after. Returns the digest. */
async function push(run: BuildRun, cli: string, payload: BuildPayload, refs: string[]): Promise<string | null> {
  const config = await mkdtemp(path.join(os.tmpdir(), "wh-push-"));
  try {
    const auths = Object.fromEntries(
      payload.registries.flatMap((r) => (r.auth ? [[r.domain, { auth: Buffer.from(`${r.auth.username}:${r.auth.password}`).toString("base64") }]] : [])),
    );
    await writeFile(path.join(config, "config.json"), JSON.stringify({ auths }), { mode: 0o600 });
    for (const ref of refs) await step(run, "push", `docker push ${ref}`, cli, ["--config", config, "push", ref]);
  } finally {
    await rm(config, { recursive: true, force: true });
  }
  const digests = JSON.parse((await inspect(cli, refs[0]!, "{{json .RepoDigests}}")) || "[]") as string[];
  const repo = refs[0]!.slice(0, refs[0]!.lastIndexOf(":"));
  return digests.find((d) => d.startsWith(`${repo}@`))?.split("@")[1] ?? null;
}

async function inspect(cli: string, ref: string, format: string): Promise<string> {
  const out: string[] = [];
  const result = await runProcess(cli, ["image", "inspect", "--format", format, ref], {
    onLine: (stream, line) => void (stream === "stdout" && out.push(line)),
  });
  if (result.code !== 0) throw new Error(`docker image inspect ${ref} failed:\n${result.tail.join("\n")}`);
  return out.join("\n");
}
