// Compose stacks through the CLI (v2 plugin or v1 binary, see compose-detect.ts): the CLI is what
// operators run by hand, so the agent gets exactly the behaviour they know. Every run is
// `-p <project> --project-directory <live dir> -f a -f b …`, so v1 and v2 agree on names and paths.
import path from "node:path";
import type { ComposeSpec } from "@/lib/protocol/agent";
import { docker } from "./client";
import { composeArgv } from "./compose-detect";
import { checkSpec, commitStaged, discardStaged, projectDir, stageFiles } from "./compose-files";
import { daemonMessage } from "./errors";
import { type LogFn, type StageFn, noLog, noStage, redactingLog, redactor, runStage } from "./progress";
import { runProcess } from "./run-process";
import { parse as parseYaml } from "yaml";
import { composeReach, hookReach } from "@/lib/protocol/host-reach";
import { realpathOnHost, refuseHostReach } from "./host-reach";

export type ComposeAction = "pull" | "start" | "stop" | "restart" | "pause" | "unpause" | "down";

export interface ComposeServiceState {
  service: string;
  /** "running" when every container of the service runs, else the first other state. */
  state: string;
  containers: { id: string; name: string; state: string; status: string }[];
}

export interface Run {
  spec: ComposeSpec;
  log: LogFn;
  stage: StageFn;
  redact: (text: string) => string;
}

export function runFor(spec: ComposeSpec, log: LogFn, stage: StageFn): Run {
  const redact = redactor(spec.redact);
  return { spec, log: redactingLog(log, spec.redact), stage: (n, c, s, ok) => stage(n, redact(c), s, ok), redact };
}

/**
 * Runs `compose <args>` with the files in `fileDir`, streaming its output under `stageName`.
 * Validation passes the staging folder as `projectDirectory`, so that services' relative
 * `env_file:` entries find the new env file before anything in the live folder changes.
 */
export async function compose(run: Run, stageName: string, fileDir: string, args: string[], projectDirectory = projectDir(run.spec.project)): Promise<void> {
  const { spec } = run;
  const { cmd, argv, shown } = await composeCommand(spec, fileDir, args, projectDirectory);
  await runStage(run.stage, stageName, shown, async () => {
    const result = await runProcess(cmd, argv, { cwd: projectDir(spec.project), env: spec.env, onLine: (stream, line) => run.log(stageName, stream, line) });
    if (result.code !== 0) {
      // Messages name the staging copy of a file; the file's own name is what the operator knows.
      const tail = result.tail.map((line) => line.split(`${fileDir}/`).join("")).join("\n");
      throw new Error(`${stageName === "validate" ? `The compose files of ${spec.project} are invalid` : `${shown} failed (exit ${result.code})`}:\n${tail}`);
    }
  });
}

/** `compose <args>` on the spec's files in `fileDir`: the command, its argv, and how the log shows it. */
async function composeCommand(spec: ComposeSpec, fileDir: string, args: string[], projectDirectory: string) {
  const files = spec.files.flatMap((f) => ["-f", path.join(fileDir, f.name)]);
  const envFile = spec.envFile ? ["--env-file", path.join(fileDir, spec.envFile)] : [];
  const { cmd, argv } = await composeArgv(["-p", spec.project, "--project-directory", projectDirectory, ...envFile, ...files, ...args]);
  const shown = `${cmd} ${["-p", spec.project, ...(spec.envFile ? ["--env-file", spec.envFile] : []), ...spec.files.flatMap((f) => ["-f", f.name]), ...args].join(" ")}`;
  return { cmd, argv, shown };
}

/**
 * Refuses, before `up`, what reaches the host (lib/protocol/host-reach.ts): in the project as
 * `compose config` resolves it (files merged, variables substituted — what will really run), and
 * in the files as written, since `env_file:` is read while resolving and then merged away. Paths
 * in the staging folder count as the stack's own folder, which they become.
 */
export async function refuseReach(run: Run, stagingDir: string, liveDir = projectDir(run.spec.project)): Promise<void> {
  const { spec } = run;
  const live = realpathOnHost(liveDir);
  const onHost = (p: string) => realpathOnHost(p === stagingDir || p.startsWith(`${stagingDir}/`) ? live + p.slice(stagingDir.length) : p);
  const found = hookReach(spec);
  for (const file of spec.files) {
    try {
      found.push(...composeReach(parseYaml(file.contents), spec.hostAccess, live, onHost));
    } catch {
      // not YAML: validation already refused it
    }
  }
  const { cmd, argv } = await composeCommand(spec, stagingDir, ["config"], stagingDir);
  const stdout: string[] = [];
  // Not logged: the resolved project holds every secret in plain text.
  const result = await runProcess(cmd, argv, { cwd: live, env: spec.env, onLine: (stream, line) => void (stream === "stdout" && stdout.push(line)) });
  if (result.code !== 0) throw new Error(`The compose files of ${spec.project} are invalid:\n${result.tail.join("\n")}`);
  found.push(...composeReach(parseYaml(stdout.join("\n")), spec.hostAccess, live, onHost));
  const unique = [...new Map(found.map((r) => [`${r.where}|${r.option}|${r.detail}`, r])).values()];
  refuseHostReach(unique, spec.hostAccess);
}

export async function hook(run: Run, stageName: string, script: string, cwd = projectDir(run.spec.project)): Promise<void> {
  if (!script.trim()) return;
  await runStage(run.stage, stageName, script, async () => {
    const result = await runProcess("sh", ["-c", script], {
      cwd,
      env: run.spec.env,
      onLine: (stream, line) => run.log(stageName, stream, line),
    });
    if (result.code !== 0) throw new Error(`The ${stageName} command failed (exit ${result.code}):\n${result.tail.join("\n")}`);
  });
}

/** Stages and validates the files; on success runs `fn` with their directory, then discards or commits them. */
async function withValidFiles<T>(run: Run, commit: boolean, fn: (dir: string) => Promise<T>): Promise<T> {
  checkSpec(run.spec);
  let dir = await stageFiles(run.spec);
  try {
    await compose(run, "validate", dir, ["config", "-q"], dir);
    if (commit) {
      await runStage(run.stage, "host access", "check what the project reaches on the host", () => refuseReach(run, dir));
      await commitStaged(run.spec, dir);
      dir = projectDir(run.spec.project);
    }
    return await fn(dir);
  } finally {
    if (dir !== projectDir(run.spec.project)) await discardStaged(dir); // the staging copy, whatever happened
  }
}

export const redacted = (run: Run, err: unknown) => new Error(run.redact(err instanceof Error ? err.message : String(err)));

/** Validates, then pre-deploy hook, `up -d`, post-deploy hook. Invalid files change nothing on the host. */
export async function composeUp(spec: ComposeSpec, log: LogFn, stage: StageFn): Promise<{ services: ComposeServiceState[] }> {
  const run = runFor(spec, log, stage);
  try {
    await withValidFiles(run, true, async (dir) => {
      await hook(run, "pre deploy", spec.preDeploy);
      await compose(run, "compose up", dir, ["up", "-d"]);
      await hook(run, "post deploy", spec.postDeploy);
    });
    return { services: await composeServices(spec.project) };
  } catch (err) {
    throw redacted(run, err);
  }
}

/** Lifecycle actions on a whole stack. `down` keeps named volumes (data), like the CLI without -v. */
export async function composeAction(
  spec: ComposeSpec,
  action: ComposeAction,
  removeOrphans: boolean,
  log: LogFn = noLog,
  stage: StageFn = noStage,
): Promise<{ services: ComposeServiceState[] }> {
  const run = runFor(spec, log, stage);
  const args = action === "down" && removeOrphans ? ["down", "--remove-orphans"] : [action];
  try {
    // The files on disk stay those of the last `up`: an action runs with the spec's files, staged.
    await withValidFiles(run, false, (dir) => compose(run, `compose ${action}`, dir, args));
    return { services: await composeServices(spec.project) };
  } catch (err) {
    throw redacted(run, err);
  }
}

/** The project's containers by service, from the labels both compose versions set. */
export async function composeServices(project: string): Promise<ComposeServiceState[]> {
  let containers;
  try {
    containers = await docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
  } catch (err) {
    throw new Error(`Could not list the containers of stack ${project}: ${daemonMessage(err)}`);
  }
  const byService = new Map<string, ComposeServiceState>();
  for (const c of containers) {
    if (/^true$/i.test(c.Labels["com.docker.compose.oneoff"] ?? "")) continue; // `compose run` leftovers
    const service = c.Labels["com.docker.compose.service"] ?? "";
    const entry = byService.get(service) ?? { service, state: "running", containers: [] };
    entry.containers.push({ id: c.Id, name: (c.Names[0] ?? "").replace(/^\//, ""), state: c.State, status: c.Status });
    if (c.State !== "running" && entry.state === "running") entry.state = c.State;
    byService.set(service, entry);
  }
  return [...byService.values()].sort((a, b) => a.service.localeCompare(b.service));
}
