// Stack executions: compose up / pull / start / stop / restart / pause / unpause / down,
// with compose files and env interpolated by core before the agent sees them.
import type { z } from "zod";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError } from "../errors";
import type { ComposeSpec } from "../protocol/agent";
import { stackConfig } from "../resources/stack/schema";
import { runOnAgent } from "../agents/commands";
import { asExecution } from "./run";
import { agentOfServer } from "./target";
import { keyValues } from "./text";
import { loadInterpolator } from "./variables";

type StackConfig = z.infer<typeof stackConfig>;

export function projectName(name: string, config: StackConfig) {
  return (config.projectName || name).toLowerCase().replace(/[^a-z0-9_-]/g, "-");
}

export async function resolveComposeSpec(actor: Actor, name: string, config: StackConfig): Promise<ComposeSpec> {
  if (config.source !== "ui") throw new AppError("CONFLICT", "Stacks from git or host files arrive with Repos; write the compose files here for now");
  if (config.files.length === 0) throw new AppError("INVALID_INPUT", "Add a compose file first", { "config.files": ["Add a compose file first"] });
  const vars = await loadInterpolator(actor);
  const files = config.files.map((f) => ({ name: f.name, contents: vars.apply(f.contents, f.name) }));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(keyValues(config.env))) env[key] = vars.apply(value, `env ${key}`);
  const preDeploy = vars.apply(config.preDeployCommand, "the pre-deploy command");
  const postDeploy = vars.apply(config.postDeployCommand, "the post-deploy command");
  vars.assertComplete();
  return { project: projectName(name, config), files, env, envFile: config.envFile, preDeploy, postDeploy, redact: vars.secretsUsed() };
}

/** Loads the resource for an execution, after checking the actor may execute on it. */
async function load(actor: Actor, id: string) {
  await authorize(actor, "execute", { kind: "resource", type: "stack", id });
  const row = await db.stack.findUniqueOrThrow({ where: { id }, select: { id: true, name: true, config: true } });
  return { ...row, config: stackConfig.parse(row.config) };
}

export const STACK_ACTIONS = ["pull", "start", "stop", "restart", "pause", "unpause", "destroy"] as const;
export type StackAction = (typeof STACK_ACTIONS)[number];

export async function deployStack(actor: Actor, id: string) {
  const stack = await load(actor, id);
  return asExecution(actor, "DeployStack", { type: "stack", ...stack }, async (updateId) => {
    const { agentId } = await agentOfServer(stack.config.serverId);
    const spec = await resolveComposeSpec(actor, stack.name, stack.config);
    return runOnAgent(agentId, updateId, { kind: "compose.up", spec });
  });
}

export async function stackAction(actor: Actor, id: string, action: StackAction, options: { removeOrphans?: boolean } = {}) {
  const stack = await load(actor, id);
  const operation = `${action[0].toUpperCase()}${action.slice(1)}Stack`;
  return asExecution(actor, operation, { type: "stack", ...stack }, async (updateId) => {
    const { agentId } = await agentOfServer(stack.config.serverId);
    const spec = await resolveComposeSpec(actor, stack.name, stack.config);
    return runOnAgent(agentId, updateId, { kind: "compose.action", spec, action: action === "destroy" ? "down" : action, removeOrphans: options.removeOrphans ?? false });
  });
}
