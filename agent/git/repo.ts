// A Repo's clone or pull on this host, then its on-clone / on-pull command in the folder, with
// the Repo's environment. Everything it logs passes through the redactor first.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { agentEnv } from "@/agent/env";
import type { GitCommit, RepoSyncPayload } from "@/lib/protocol/git";
import { repoReach } from "@/lib/protocol/host-reach";
import { realpathOnHost, refuseHostReach } from "../docker/host-reach";
import { redactingLog, redactor, runStage, type LogFn, type StageFn } from "../docker/progress";
import { runProcess } from "../docker/run-process";
import { syncCheckout } from "./git";

export const reposDir = (): string => path.join(agentEnv.AGENT_STATE_DIR, "repos");

/** The folder a payload names: under the repos folder unless absolute; never above it. */
export function repoFolder(folder: string): string {
  if (path.isAbsolute(folder)) return path.resolve(folder);
  const resolved = path.resolve(reposDir(), folder);
  if (!resolved.startsWith(`${reposDir()}${path.sep}`)) throw new Error(`The repo folder ${folder} is outside the agent's repos folder`);
  return resolved;
}

export async function syncRepo(payload: RepoSyncPayload, log: LogFn, stage: StageFn, signal?: AbortSignal): Promise<{ commit: GitCommit; folder: string }> {
  const secrets = [...payload.redact, ...(payload.source.auth.kind === "token" ? [payload.source.auth.token] : [])];
  const redact = redactor(secrets);
  const run = { log: redactingLog(log, secrets), stage, signal };
  try {
    const folder = repoFolder(payload.folder);
    refuseHostReach(
      repoReach({ folder: payload.folder, remote: payload.source.remote, command: payload.command }, payload.hostAccess, realpathOnHost),
      payload.hostAccess,
    );
    await mkdir(path.dirname(folder), { recursive: true, mode: 0o700 });
    const commit = await syncCheckout(run, folder, payload.source, payload.mode, payload.reset);
    run.log("commit", "stdout", `${commit.hash} ${commit.message}`);
    if (payload.command.trim()) {
      const name = payload.mode === "clone" ? "on clone" : "on pull";
      await runStage(stage, name, payload.command, async () => {
        const result = await runProcess("sh", ["-c", payload.command], {
          cwd: folder,
          env: payload.env,
          onLine: (stream, line) => run.log(name, stream, line),
        });
        if (result.code !== 0) throw new Error(`The ${name} command failed (exit ${result.code}):\n${result.tail.join("\n")}`);
      });
    }
    return { commit, folder };
  } catch (err) {
    throw new Error(redact(err instanceof Error ? err.message : String(err)));
  }
}
