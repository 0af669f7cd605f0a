// Repo executions: clone or pull on the Repo's Server, then its on-clone / on-pull command in
// the folder. The agent clones (core never touches the repository) and reports the commit.
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { runOnAgent } from "../agents/commands";
import { db } from "../db";
import { repoReach } from "../protocol/host-reach";
import type { GitCommit } from "../protocol/git";
import { mergeInfo } from "../resources/info";
import type { RepoInfo } from "../resources/repo/info";
import { repoConfig } from "../resources/repo/schema";
import { gitSourceOf } from "./git";
import { asExecution } from "./run";
import { agentOfServer, executeOnServer, refuseHostReach } from "./target";
import { keyValues } from "./text";
import { loadInterpolator } from "./variables";

/**
 * Where a Repo is cloned: its clone path, or a folder of its own in the agent's repos folder,
 * named after it and keyed by its id, so two Repos whose names slug alike ("a b", "a-b") never
 * share (and replace) one checkout.
 */
export function repoFolder(repo: { id: string; name: string }, clonePath: string): string {
  return clonePath.trim() || `${repo.name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-")}-${repo.id}`;
}

export async function syncRepo(actor: Actor, id: string, mode: "clone" | "pull", options: { reset?: boolean } = {}) {
  await authorize(actor, "execute", { kind: "resource", type: "repo", id });
  const row = await db.repo.findUniqueOrThrow({ where: { id }, select: { id: true, name: true, config: true } });
  const config = repoConfig.parse(row.config);
  const folder = repoFolder(row, config.clonePath);
  const command = mode === "clone" ? config.onCloneCommand : config.onPullCommand;
  // Checked before the Update exists: a refusal is a 403 naming the fields, and nothing runs.
  const grant = await executeOnServer(actor, config.serverId);
  const hostAccess = refuseHostReach(
    repoReach({ folder, remote: config.repoUrl, command }, grant?.hostAccess ?? { allowed: false, hostPaths: [] }),
    grant,
    (r) => `config.${r.where === "command" ? (mode === "clone" ? "onCloneCommand" : "onPullCommand") : r.where}`,
  );
  const { source, secrets } = await gitSourceOf(config);
  return asExecution(actor, mode === "clone" ? "CloneRepo" : "PullRepo", { type: "repo", ...row }, async (updateId) => {
    const { agentId } = await agentOfServer(config.serverId);
    const vars = await loadInterpolator(actor);
    const env = Object.fromEntries(Object.entries(keyValues(config.env)).map(([k, v]) => [k, vars.apply(v, `env ${k}`)]));
    const resolved = vars.apply(command, mode === "clone" ? "the on-clone command" : "the on-pull command");
    vars.assertComplete();
    const outcome = await runOnAgent(agentId, updateId, {
      kind: "repo.sync",
      folder,
      source,
      mode,
      reset: options.reset ?? false,
      command: resolved,
      env,
      redact: [...vars.secretsUsed(), ...secrets],
      hostAccess,
    });
    if (outcome.success) {
      const { commit, folder: path } = outcome.result as { commit: GitCommit; folder: string };
      await mergeInfo("repo", row.id, { latestCommit: { ...commit, at: new Date().toISOString(), updateId }, path } satisfies RepoInfo);
    }
    return outcome;
  });
}
