// Stacks whose compose files live in a git repository or a folder on the host. The repository
// is checked out in the stack's own folder, which (like the host folder) is then the compose
// project directory, so relative paths in the files (build contexts, env_file, ./data) resolve
// where their authors meant. The files are validated and checked for host reach in place before
// anything runs.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ComposeSpec } from "@/lib/protocol/agent";
import type { GitCommit } from "@/lib/protocol/git";
import { hostPathReach } from "@/lib/protocol/host-reach";
import { syncCheckout } from "../git/git";
import { compose, composeServices, hook, redacted, refuseReach, runFor, type ComposeServiceState, type Run } from "./compose";
import { projectDir } from "./compose-files";
import { realpathOnHost, refuseHostReach } from "./host-reach";
import { runStage, type LogFn, type StageFn } from "./progress";
import { runProcess } from "./run-process";
import { composeArgv } from "./compose-detect";

type SourcedSpec = ComposeSpec & { source: Exclude<ComposeSpec["source"], { kind: "inline" }> };

export interface SourcedResult {
  services: ComposeServiceState[];
  commit: GitCommit | null;
  /** sha256 of the compose files and the env, in order: what deploy-if-changed compares. */
  filesHash: string;
  /** true when nothing changed since the deploy it was compared with, and `up` did not run. */
  unchanged: boolean;
}

/** The project directory: the checkout in the stack's folder, or the host folder. */
function folderOf(spec: SourcedSpec): string {
  return spec.source.kind === "git" ? projectDir(spec.project) : path.resolve(spec.source.folder);
}

/** The compose files, each inside the folder, read in order; a missing one is named. */
async function readFiles(spec: SourcedSpec, folder: string): Promise<ComposeSpec["files"]> {
  const where = spec.source.kind === "git" ? "the repository" : `the host folder ${folder}`;
  return Promise.all(
    spec.source.filePaths.map(async (name) => {
      const full = path.resolve(folder, name);
      if (!full.startsWith(`${folder}${path.sep}`)) throw new Error(`The compose file path ${name} leaves ${where}`);
      if (!existsSync(full)) throw new Error(`Compose file ${name} is missing in ${where}`);
      return { name: path.relative(folder, full), contents: await readFile(full, "utf8") };
    }),
  );
}

const hashOf = (files: ComposeSpec["files"], env: Record<string, string>) =>
  createHash("sha256")
    .update(JSON.stringify([files, Object.entries(env).sort()]))
    .digest("hex");

/** Checks out (git) or finds (host) the files, validates them, and `up`s the project unless unchanged. */
export async function composeUpFromSource(spec: SourcedSpec, log: LogFn, stage: StageFn): Promise<SourcedResult> {
  const secrets = spec.source.kind === "git" && spec.source.git.auth.kind === "token" ? [spec.source.git.auth.token] : [];
  const run = runFor({ ...spec, redact: [...spec.redact, ...secrets] }, log, stage);
  try {
    const folder = folderOf(spec);
    let commit: GitCommit | null = null;
    if (spec.source.kind === "host") {
      const reach = hostPathReach(folder, spec.hostAccess, undefined, realpathOnHost);
      if (reach) refuseHostReach([{ where: "hostPath", option: "hostPath", detail: `uses the host folder ${folder}` }], spec.hostAccess);
      if (!existsSync(folder)) throw new Error(`The host folder ${folder} does not exist`);
    } else {
      await mkdir(path.dirname(folder), { recursive: true, mode: 0o700 });
      commit = await syncCheckout(run, folder, spec.source.git, "pull", true);
      run.log("commit", "stdout", `${commit.hash} ${commit.message}`);
    }
    const files = await readFiles(spec, folder);
    const filesHash = hashOf(files, spec.env);
    const resolved: Run = { ...run, spec: { ...run.spec, files } };
    if (spec.unlessUnchanged && spec.unlessUnchanged.commit === (commit?.hash ?? null) && spec.unlessUnchanged.filesHash === filesHash) {
      run.log(
        "unchanged",
        "stdout",
        `Nothing changed since the last deploy (${commit ? `commit ${commit.hash.slice(0, 12)}, ` : ""}same files): not redeploying`,
      );
      return { services: await composeServices(spec.project), commit, filesHash, unchanged: true };
    }
    await mkdir(projectDir(spec.project), { recursive: true, mode: 0o700 });
    if (spec.envFile)
      await writeFile(
        path.join(folder, spec.envFile),
        Object.entries(spec.env)
          .map(([k, v]) => `${k}=${v}\n`)
          .join(""),
        { mode: 0o600 },
      );
    await compose(resolved, "validate", folder, ["config", "-q"], folder);
    await runStage(run.stage, "host access", "check what the project reaches on the host", () => refuseReach(resolved, folder, folder));
    await hook(resolved, "pre deploy", spec.preDeploy, folder);
    if (spec.pull) await compose(resolved, "compose pull", folder, ["pull", ...(await servicesToUp(resolved, folder))], folder);
    await compose(resolved, "compose up", folder, ["up", "-d", ...(await servicesToUp(resolved, folder))], folder);
    await hook(resolved, "post deploy", spec.postDeploy, folder);
    return { services: await composeServices(spec.project), commit, filesHash, unchanged: false };
  } catch (err) {
    throw redacted(run, err);
  }
}

/** The services to start: all of them (no names) unless some are ignored. */
async function servicesToUp(run: Run, folder: string): Promise<string[]> {
  if (!run.spec.ignoreServices.length) return [];
  const files = run.spec.files.flatMap((f) => ["-f", path.join(folder, f.name)]);
  const { cmd, argv } = await composeArgv(["-p", run.spec.project, "--project-directory", folder, ...files, "config", "--services"]);
  const names: string[] = [];
  const result = await runProcess(cmd, argv, {
    cwd: folder,
    env: run.spec.env,
    onLine: (stream, line) => void (stream === "stdout" && names.push(line.trim())),
  });
  if (result.code !== 0) throw new Error(`Could not list the services of ${run.spec.project}:\n${result.tail.join("\n")}`);
  const kept = names.filter((n) => n && !run.spec.ignoreServices.includes(n));
  if (!kept.length) throw new Error(`Every service of ${run.spec.project} is ignored: nothing to deploy`);
  return kept;
}

/** Lifecycle actions on a sourced stack run on the files of its last checkout (or its host folder). */
export async function sourcedFiles(spec: SourcedSpec): Promise<{ folder: string; files: ComposeSpec["files"] }> {
  const folder = folderOf(spec);
  if (spec.source.kind === "git" && !existsSync(path.join(folder, ".git"))) throw new Error(`Stack ${spec.project} has not been deployed from git yet`);
  return { folder, files: await readFiles(spec, folder) };
}

export async function composeActionFromSource(
  spec: SourcedSpec,
  action: "pull" | "start" | "stop" | "restart" | "pause" | "unpause" | "down",
  removeOrphans: boolean,
  log: LogFn,
  stage: StageFn,
): Promise<{ services: ComposeServiceState[] }> {
  const run = runFor(spec, log, stage);
  try {
    const { folder, files } = await sourcedFiles(spec);
    const args = action === "down" && removeOrphans ? ["down", "--remove-orphans"] : [action];
    await compose({ ...run, spec: { ...run.spec, files } }, `compose ${action}`, folder, args, folder);
    return { services: await composeServices(spec.project) };
  } catch (err) {
    throw redacted(run, err);
  }
}

export const isSourced = (spec: ComposeSpec): spec is SourcedSpec => spec.source.kind !== "inline";
