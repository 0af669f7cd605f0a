// Deployment executions: deploy (with rollback to the previously deployed config),
// lifecycle actions, and the container spec the agent runs, resolved here so that the agent
// never sees a [[VARIABLE]] or a config it would have to interpret.
import type { Prisma } from "../generated/prisma/client";
import { authorize } from "../authz/authorize";
import { actorOfUser, type Actor } from "../authz/actor";
import { db } from "../db";
import { AppError } from "../errors";
import type { ContainerSpec } from "../protocol/agent";
import { containerReach, NO_HOST_ACCESS, type HostAccess } from "../protocol/host-reach";
import { deploymentConfig } from "../resources/deployment/schema";
import { mergeInfo } from "../resources/info";
import { recordChange } from "../updates/record";
import { appendLog } from "../updates/progress";
import { runOnAgent } from "../agents/commands";
import { asExecution } from "./run";
import { agentOfServer, executeOnServer, refuseHostReach } from "./target";
import { configLines, keyValues, shellWords } from "./text";
import { loadInterpolator } from "./variables";
import { resolveImage } from "./deployment-image";
import type { DeployedRecord, DeploymentConfig, DeploymentInfo } from "../resources/deployment/info";

export async function resolveContainerSpec(
  actor: Actor,
  name: string,
  config: DeploymentConfig,
  hostAccess: HostAccess = NO_HOST_ACCESS,
  pinnedImage?: string,
): Promise<ContainerSpec> {
  const vars = await loadInterpolator(actor);
  const { image, registryAuth, secrets } = await resolveImage(actor, config, (text) => vars.apply(text, "the image"), pinnedImage);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(keyValues(config.env))) env[key] = vars.apply(value, `env ${key}`);
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(keyValues(config.labels))) labels[key] = vars.apply(value, `label ${key}`);
  const command = vars.apply(config.command, "the command");
  vars.assertComplete();
  let argv: string[];
  try {
    argv = shellWords(command);
  } catch (e) {
    throw new AppError("INVALID_INPUT", (e as Error).message, { "config.command": [(e as Error).message] });
  }
  return {
    name,
    image,
    env,
    ports: configLines(config.ports).map((l) => l.text),
    volumes: configLines(config.volumes).map((l) => l.text),
    network: config.network,
    restart: config.restart,
    command: argv,
    labels,
    stopSignal: config.terminationSignal,
    stopTimeoutSeconds: config.terminationTimeoutSeconds,
    redact: [...vars.secretsUsed(), ...secrets],
    hostAccess,
    registryAuth,
  };
}

/** Execute on the deployment's server, and no host reach unless the server and the actor allow it (403 naming the option). */
async function checkServer(actor: Actor, config: DeploymentConfig): Promise<HostAccess> {
  const grant = await executeOnServer(actor, config.serverId);
  const found = containerReach({ network: config.network, volumes: configLines(config.volumes).map((l) => l.text) }, grant?.hostAccess ?? NO_HOST_ACCESS);
  return refuseHostReach(found, grant, (r) => `config.${r.option}`);
}

/** Loads the resource for an execution, after checking the actor may execute on it. */
async function load(actor: Actor, id: string) {
  await authorize(actor, "execute", { kind: "resource", type: "deployment", id });
  const row = await db.deployment.findUniqueOrThrow({ where: { id }, select: { id: true, name: true, config: true, info: true } });
  return { ...row, config: deploymentConfig.parse(row.config), info: (row.info ?? {}) as DeploymentInfo };
}

type Loaded = Awaited<ReturnType<typeof load>>;

/** Deploys kept in a Deployment's history, newest first: any of them can be rolled back to. */
const HISTORY = 20;

async function deployConfig(actor: Actor, updateId: string, deployment: Loaded, config: DeploymentConfig, hostAccess: HostAccess, pinnedImage?: string) {
  const { agentId, serverName } = await agentOfServer(config.serverId);
  const spec = await resolveContainerSpec(actor, deployment.name, config, hostAccess, pinnedImage);
  appendLog(updateId, "prepare", "stdout", `Deploying ${spec.image} as ${spec.name} on ${serverName}`);
  const outcome = await runOnAgent(agentId, updateId, { kind: "container.deploy", spec });
  if (outcome.success) {
    const record: DeployedRecord = { config, image: spec.image, at: new Date().toISOString(), updateId };
    const history = [record, ...(deployment.info.history ?? [])].slice(0, HISTORY);
    await mergeInfo("deployment", deployment.id, { previousDeployed: deployment.info.deployed ?? null, deployed: record, history });
  }
  return outcome;
}

export async function deploy(actor: Actor, id: string) {
  const deployment = await load(actor, id);
  const hostAccess = await checkServer(actor, deployment.config);
  return asExecution(
    actor,
    "Deploy",
    { type: "deployment", ...deployment },
    (updateId) => deployConfig(actor, updateId, deployment, deployment.config, hostAccess),
    { previousConfig: deployment.info.deployed?.config, newConfig: deployment.config },
  );
}

/**
 * Redeploys an earlier deploy (the one before the current one, or the one of Update `to`) with
 * the image it ran, and makes its config the config again.
 */
export async function rollback(actor: Actor, id: string, options: { to?: string } = {}) {
  const deployment = await load(actor, id);
  const previous = options.to ? deployment.info.history?.find((h) => h.updateId === options.to) : deployment.info.previousDeployed;
  if (!previous)
    throw new AppError("CONFLICT", options.to ? "That deploy is not in this deployment's history" : "There is no earlier deployment to roll back to");
  const hostAccess = await checkServer(actor, previous.config);
  return asExecution(
    actor,
    "RollbackDeployment",
    { type: "deployment", ...deployment },
    async (updateId) => {
      appendLog(updateId, "prepare", "stdout", `Rolling back to the config deployed at ${previous.at}`);
      const outcome = await deployConfig(actor, updateId, deployment, previous.config, hostAccess, previous.image);
      if (outcome.success) {
        await db.$transaction(async (tx) => {
          await tx.deployment.update({ where: { id }, data: { config: previous.config as Prisma.InputJsonValue, updatedById: actor.id } });
          await recordChange(tx, actor, {
            operation: "UpdateDeployment",
            targetType: "deployment",
            target: deployment,
            previousConfig: deployment.config,
            newConfig: previous.config,
            log: ["Config restored by a rollback"],
          });
        });
      }
      return outcome;
    },
    { previousConfig: deployment.config, newConfig: previous.config },
  );
}

export const CONTAINER_ACTIONS = ["start", "stop", "restart", "pause", "unpause", "destroy"] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

export async function containerAction(actor: Actor, id: string, action: ContainerAction) {
  const deployment = await load(actor, id);
  const operation = `${action.charAt(0).toUpperCase()}${action.slice(1)}Deployment`;
  await executeOnServer(actor, deployment.config.serverId);
  return asExecution(actor, operation, { type: "deployment", ...deployment }, async (updateId) => {
    const { agentId } = await agentOfServer(deployment.config.serverId);
    return runOnAgent(agentId, updateId, {
      kind: "container.action",
      container: deployment.name,
      action,
      stopTimeoutSeconds: deployment.config.terminationTimeoutSeconds,
    });
  });
}

/**
 * After a successful build: redeploys the Deployments of that Build that follow its latest
 * version and redeploy on build, each as its own Update. Each runs as the person who armed it
 * (the last to save its config, who chose to follow the Build), with their permissions today
 * (server, variables): whoever or whatever started the build (a teammate, a webhook) needs no
 * rights on the deployment, and gets none. One that can't be deployed is skipped with the reason
 * on the build's Update.
 */
export async function redeployAfterBuild(trigger: Actor, buildId: string, buildUpdateId: string): Promise<void> {
  const followers = await db.deployment.findMany({
    where: { config: { path: ["buildId"], equals: buildId }, AND: [{ config: { path: ["redeployOnBuild"], equals: true } }] },
    select: { id: true, name: true, config: true, updatedById: true, createdById: true },
  });
  for (const d of followers) {
    const version = (d.config as { buildVersion?: string }).buildVersion ?? "latest";
    if (version !== "latest" && version !== "") continue;
    const armedBy = d.updatedById ?? d.createdById;
    const user = armedBy ? await db.user.findUnique({ where: { id: armedBy }, select: { id: true, username: true, admin: true, enabled: true } }) : null;
    if (!user?.enabled) {
      appendLog(buildUpdateId, "redeploy", "stderr", `Not redeploying deployment ${d.name}: whoever set it to redeploy on build is no longer an active user`);
      continue;
    }
    const owner = actorOfUser(user);
    try {
      const { updateId } = await deploy(owner, d.id);
      appendLog(updateId, "prepare", "stdout", `Redeploy on build: build update ${buildUpdateId}, started by ${trigger.username}`);
      appendLog(buildUpdateId, "redeploy", "stdout", `Redeploying deployment ${d.name} as ${user.username} (update ${updateId})`);
    } catch (e) {
      appendLog(buildUpdateId, "redeploy", "stderr", `Not redeploying deployment ${d.name}: ${(e as Error).message}`);
    }
  }
}
