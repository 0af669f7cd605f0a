import type Docker from "dockerode";
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

/** Names come back from the API with a leading slash ("/web"). */
export const bareName = (name: string): string => name.replace(/^\//, "");

/** The container of a compose service, found by the labels both compose versions set (their names differ). */
export async function serviceContainer(project: string, service: string): Promise<string> {
  const found = await docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] } });
  if (!found[0]) throw new Error(`Service ${service} of ${project} has no container on this host`);
  return found[0].Id;
}
