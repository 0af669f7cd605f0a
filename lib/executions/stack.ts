// Stack executions: compose up / pull / start / stop / restart / pause / unpause / down,
// with compose files and env interpolated by core before the agent sees them.
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError } from "../errors";
import { parse as parseYaml } from "yaml";
import type { ComposeSpec } from "../protocol/agent";
import type { GitCommit } from "../protocol/git";
import { composeReach, hookReach, hostPathReach, NO_HOST_ACCESS, type HostAccess } from "../protocol/host-reach";
import { composeProject, stackConfig } from "../resources/stack/schema";
import { runOnAgent } from "../agents/commands";
import { mergeInfo } from "../resources/info";
import type { StackConfig, StackInfo } from "../resources/stack/info";
import { repoConfig } from "../resources/repo/schema";
import { gitSourceOf } from "./git";
import { asExecution } from "./run";
import { agentOfServer, executeOnServer, refuseHostReach } from "./target";
import { keyValues } from "./text";
import { loadInterpolator } from "./variables";

export async function resolveComposeSpec(
  actor: Actor,
  name: string,
  config: StackConfig,
  hostAccess: HostAccess = NO_HOST_ACCESS,
  unlessUnchanged: ComposeSpec["unlessUnchanged"] = null,
): Promise<ComposeSpec> {
  if (config.source === "ui" && config.files.length === 0)
    throw new AppError("INVALID_INPUT", "Add a compose file first", { "config.files": ["Add a compose file first"] });
  const vars = await loadInterpolator(actor);
  // Files written here are interpolated here; files from a repository or the host are the
  // agent's to read, and compose substitutes ${VARS} in them from the env.
  const files = config.source === "ui" ? config.files.map((f) => ({ name: f.name, contents: vars.apply(f.contents, f.name) })) : [];
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(keyValues(config.env))) env[key] = vars.apply(value, `env ${key}`);
  const preDeploy = vars.apply(config.preDeployCommand, "the pre-deploy command");
  const postDeploy = vars.apply(config.postDeployCommand, "the post-deploy command");
  vars.assertComplete();
  const filePaths = config.filePaths.length ? config.filePaths : ["compose.yaml"];
  const git = config.source === "git" ? await gitSourceOf(await gitFieldsOf(config)) : null;
  const source: ComposeSpec["source"] = git
    ? { kind: "git", git: git.source, filePaths }
    : config.source === "host"
      ? { kind: "host", folder: config.hostPath, filePaths }
      : { kind: "inline" };
  return {
    project: composeProject(name, config),
    files,
    env,
    envFile: config.envFile,
    preDeploy,
    postDeploy,
    redact: [...vars.secretsUsed(), ...(git?.secrets ?? [])],
    hostAccess,
    source,
    unlessUnchanged,
    ignoreServices: config.ignoreServices,
    pull: config.autoPull && config.source !== "ui",
  };
}

/** A git stack's remote, branch and credential: its linked Repo's, or its own. */
export async function gitFieldsOf(config: StackConfig) {
  if (!config.repoId) return { ...config, commit: "" };
  const repo = await db.repo.findUnique({ where: { id: config.repoId }, select: { config: true } });
  if (!repo) throw new AppError("CONFLICT", "The linked Repo no longer exists", { "config.repoId": ["No such repo"] });
  const linked = repoConfig.parse(repo.config);
  return { repoUrl: linked.repoUrl, branch: linked.branch, commit: "", gitCredentialId: linked.gitCredentialId };
}

/** Where a stack's files are checked on core: a stand-in for its folder, which only the agent knows. */
const STACK_DIR = "/wheelhouse-stack";

/**
 * Execute on the stack's server; for a deploy, no host reach unless the server and the actor
 * allow it. This reads the files as written (a clear 403 before anything runs); the agent checks
 * again what `compose config` resolves them to, variables included.
 */
async function checkServer(actor: Actor, config: StackConfig, deploying: boolean): Promise<HostAccess> {
  const grant = await executeOnServer(actor, config.serverId);
  const access = grant?.hostAccess ?? NO_HOST_ACCESS;
  if (!deploying) return access;
  const found = config.files.flatMap((file, i) => {
    let doc: unknown;
    try {
      doc = parseYaml(file.contents);
    } catch {
      return []; // invalid YAML: the agent's validation reports it, and nothing runs
    }
    return composeReach(doc, access, STACK_DIR).map((reach) => ({ ...reach, field: `config.files.${i}` }));
  });
  const hooks = hookReach({ preDeploy: config.preDeployCommand, postDeploy: config.postDeployCommand }).map((reach) => ({
    ...reach,
    field: `config.${reach.option}`,
  }));
  const folder =
    config.source === "host" && hostPathReach(config.hostPath, access)
      ? [{ where: "hostPath", option: "hostPath", detail: `uses the host folder ${config.hostPath}`, field: "config.hostPath" }]
      : [];
  return refuseHostReach([...found, ...hooks, ...folder], grant, (r) => r.field);
}

/** Loads the resource for an execution, after checking the actor may execute on it. */
async function load(actor: Actor, id: string) {
  await authorize(actor, "execute", { kind: "resource", type: "stack", id });
  const row = await db.stack.findUniqueOrThrow({ where: { id }, select: { id: true, name: true, config: true, info: true } });
  return { ...row, config: stackConfig.parse(row.config), info: (row.info ?? {}) as StackInfo };
}

export const STACK_ACTIONS = ["pull", "start", "stop", "restart", "pause", "unpause", "destroy"] as const;
export type StackAction = (typeof STACK_ACTIONS)[number];

export async function deployStack(actor: Actor, id: string, options: { ifChanged?: boolean } = {}) {
  const stack = await load(actor, id);
  const hostAccess = await checkServer(actor, stack.config, true);
  const last = stack.info.deployed;
  const unlessUnchanged = options.ifChanged && last?.filesHash ? { commit: last.commit ?? null, filesHash: last.filesHash } : null;
  return asExecution(actor, options.ifChanged ? "DeployStackIfChanged" : "DeployStack", { type: "stack", ...stack }, async (updateId) => {
    const { agentId } = await agentOfServer(stack.config.serverId);
    const spec = await resolveComposeSpec(actor, stack.name, stack.config, hostAccess, unlessUnchanged);
    const outcome = await runOnAgent(agentId, updateId, { kind: "compose.up", spec });
    const result = (outcome.result ?? {}) as { commit?: GitCommit | null; filesHash?: string; unchanged?: boolean };
    if (outcome.success && !result.unchanged)
      await mergeInfo("stack", stack.id, {
        previousDeployed: stack.info.deployed ?? null,
        deployed: {
          config: stack.config,
          at: new Date().toISOString(),
          updateId,
          commit: result.commit?.hash ?? null,
          commitMessage: result.commit?.message,
          filesHash: result.filesHash,
        },
        missingFiles: [],
      });
    // A file the deploy could not find is shown on the Stack's page until a deploy finds it.
    const missing = /^Compose file (.+) is missing in /.exec(outcome.error ?? "")?.[1];
    if (!outcome.success && missing) await mergeInfo("stack", stack.id, { missingFiles: [missing] });
    return outcome;
  });
}

export async function stackAction(actor: Actor, id: string, action: StackAction, options: { removeOrphans?: boolean } = {}) {
  const stack = await load(actor, id);
  const operation = `${action.charAt(0).toUpperCase()}${action.slice(1)}Stack`;
  const hostAccess = await checkServer(actor, stack.config, false);
  return asExecution(actor, operation, { type: "stack", ...stack }, async (updateId) => {
    const { agentId } = await agentOfServer(stack.config.serverId);
    const spec = await resolveComposeSpec(actor, stack.name, stack.config, hostAccess);
    return runOnAgent(agentId, updateId, {
      kind: "compose.action",
      spec,
      action: action === "destroy" ? "down" : action,
      removeOrphans: options.removeOrphans ?? false,
    });
  });
}
