// Deployment executions: deploy (with rollback to the previously deployed config),
// lifecycle actions, and the container spec the agent runs, resolved here so that the agent
// never sees a [[VARIABLE]] or a config it would have to interpret.
import type { Prisma } from "../generated/prisma/client";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
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
import type { DeployedRecord, DeploymentConfig, DeploymentInfo } from "../resources/deployment/info";

export async function resolveContainerSpec(
  actor: Actor,
  name: string,
  config: DeploymentConfig,
  hostAccess: HostAccess = NO_HOST_ACCESS,
): Promise<ContainerSpec> {
  if (config.buildId) throw new AppError("CONFLICT", "Deploying from a Build needs the Builds feature; set an image instead");
  if (!config.image) throw new AppError("INVALID_INPUT", "Set an image to deploy", { "config.image": ["Set an image to deploy"] });
  const vars = await loadInterpolator(actor);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(keyValues(config.env))) env[key] = vars.apply(value, `env ${key}`);
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(keyValues(config.labels))) labels[key] = vars.apply(value, `label ${key}`);
  const command = vars.apply(config.command, "the command");
  const image = vars.apply(config.image, "the image");
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
    redact: vars.secretsUsed(),
    hostAccess,
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

async function deployConfig(actor: Actor, updateId: string, deployment: Loaded, config: DeploymentConfig, hostAccess: HostAccess) {
  const { agentId, serverName } = await agentOfServer(config.serverId);
  const spec = await resolveContainerSpec(actor, deployment.name, config, hostAccess);
  appendLog(updateId, "prepare", "stdout", `Deploying ${spec.image} as ${spec.name} on ${serverName}`);
  const outcome = await runOnAgent(agentId, updateId, { kind: "container.deploy", spec });
  if (outcome.success) {
    const record: DeployedRecord = { config, at: new Date().toISOString(), updateId };
    await mergeInfo("deployment", deployment.id, { previousDeployed: deployment.info.deployed ?? null, deployed: record });
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

/** Redeploys the config deployed before the current one, and makes it the config again. */
export async function rollback(actor: Actor, id: string) {
  const deployment = await load(actor, id);
  const previous = deployment.info.previousDeployed;
  if (!previous) throw new AppError("CONFLICT", "There is no earlier deployment to roll back to");
  const hostAccess = await checkServer(actor, previous.config);
  return asExecution(
    actor,
    "RollbackDeployment",
    { type: "deployment", ...deployment },
    async (updateId) => {
      appendLog(updateId, "prepare", "stdout", `Rolling back to the config deployed at ${previous.at}`);
      const outcome = await deployConfig(actor, updateId, deployment, previous.config, hostAccess);
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
