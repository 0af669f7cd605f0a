import type Docker from "dockerode";
import { DEPLOYMENT_LABEL } from "@/lib/protocol/agent";
import { docker } from "./client";
import { daemonMessage, statusCode } from "./errors";

/** Inspects a container by name or id; null when there is none (any other failure is thrown). */
export async function findContainer(nameOrId: string): Promise<Docker.ContainerInspectInfo | null> {
  try {
    return await docker().getContainer(nameOrId).inspect();
  } catch (err) {
    if (statusCode(err) === 404) return null;
    throw new Error(daemonMessage(err));
  }
}

export async function requireContainer(nameOrId: string): Promise<Docker.ContainerInspectInfo> {
  const info = await findContainer(nameOrId);
  if (!info) throw new Error(`Container ${nameOrId} does not exist on this host`);
  return info;
}

/**
 * Whether Wheelhouse made this container for the Deployment `name`. Actions, logs, shells and
 * redeploys of a Deployment touch nothing else: an unmanaged container (or another team's) that
 * happens to carry the deployment's name is left alone.
 */
export const isDeploymentContainer = (info: Docker.ContainerInspectInfo, name: string): boolean => info.Config?.Labels?.[DEPLOYMENT_LABEL] === name;

/** The container of the Deployment `name`, refused when a container of that name isn't its own. */
export async function deploymentContainer(name: string): Promise<Docker.ContainerInspectInfo> {
  const info = await requireContainer(name);
  if (!isDeploymentContainer(info, name)) throw new Error(notOurs(name));
  return info;
}

export const notOurs = (name: string) => `The container named ${name} on this host was not created by Wheelhouse for deployment ${name}; it is left alone`;

/** Names come back from the API with a leading slash ("/web"). */
export const bareName = (name: string): string => name.replace(/^\//, "");

/** The container of a compose service, found by the labels both compose versions set (their names differ). */
export async function serviceContainer(project: string, service: string): Promise<string> {
  const found = await docker().listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] },
  });
  if (!found[0]) throw new Error(`Service ${service} of ${project} has no container on this host`);
  return found[0].Id;
}
