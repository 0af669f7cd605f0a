// Server housekeeping: start, stop or restart every container on the host, and delete one image,
// volume or network. Each item's outcome is a line of output as it happens. Deletes check first
// what Docker would refuse less clearly (missing, in use) and then make one call, so a refused
// delete changes nothing.
import type Docker from "dockerode";
import type { ContainersAction, DockerHousekeepingPayload } from "@/lib/protocol/docker-housekeeping";
import { docker } from "./client";
import { daemonMessage, statusCode } from "./errors";
import { runStage, type LogFn, type StageFn } from "./progress";
import { ownContainerId } from "./self";

const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);
const nameOf = (c: Docker.ContainerInfo) => (c.Names[0] ?? short(c.Id)).replace(/^\//, "");
const names = (cs: Docker.ContainerInfo[]) => cs.map(nameOf).join(", ");
const PAST: Record<ContainersAction, string> = { start: "Started", stop: "Stopped", restart: "Restarted" };
/** Containers acted on at once: enough for a large host, few enough not to swamp its daemon. */
const PARALLEL = 4;

export interface ContainersResult {
  done: string[];
  skipped: string[];
  failed: string[];
}

/** Which containers an action applies to: starting what isn't running, stopping or restarting what is. */
function applies(action: ContainersAction, c: Docker.ContainerInfo): boolean {
  if (action === "start") return c.State === "created" || c.State === "exited";
  return c.State === "running" || c.State === "paused" || c.State === "restarting";
}

/**
 * `label` limits it to containers carrying that label; `self` is the agent's own container, which
 * is never stopped or restarted (that would end the agent mid-command). Tests pass both.
 */
export async function allContainers(
  action: ContainersAction,
  log: LogFn,
  stage: StageFn,
  opts: { label?: string; self?: string | null } = {},
): Promise<ContainersResult> {
  const self = opts.self === undefined ? ownContainerId() : opts.self;
  const stageName = `${action}-all`;
  const listed = await docker()
    .listContainers({ all: true, ...(opts.label ? { filters: { label: [opts.label] } } : {}) })
    .catch((err) => {
      throw new Error(`Could not list the containers: ${daemonMessage(err)}`);
    });
  const result: ContainersResult = { done: [], skipped: [], failed: [] };
  const applicable = listed.filter((c) => applies(action, c));
  const own = action === "start" ? undefined : applicable.find((c) => self && c.Id === self);
  const targets = applicable.filter((c) => c !== own);
  return runStage(stage, stageName, `docker ${action} <${targets.length} container${targets.length === 1 ? "" : "s"}>`, async () => {
    if (own) {
      log(stageName, "stdout", `Skipped ${nameOf(own)} (${short(own.Id)}): it is the Wheelhouse agent's own container`);
      result.skipped.push(nameOf(own));
    }
    if (targets.length === 0) log(stageName, "stdout", `No container to ${action}`);
    const queue = [...targets];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const container = docker().getContainer(c.Id);
        try {
          // No timeout of ours: each container stops with its own (docker stop's default, or its StopTimeout).
          if (action === "start") await container.start();
          else if (action === "stop") await container.stop();
          else await container.restart();
          log(stageName, "stdout", `${PAST[action]} ${nameOf(c)} (${short(c.Id)})`);
          result.done.push(nameOf(c));
        } catch (err) {
          // 304: already in that state; 404: removed since the list was read. Neither is a failure.
          if (statusCode(err) === 304 || statusCode(err) === 404) {
            log(
              stageName,
              "stdout",
              `${nameOf(c)} (${short(c.Id)}): ${statusCode(err) === 304 ? `already ${action === "start" ? "running" : "stopped"}` : "gone"}`,
            );
            result.skipped.push(nameOf(c));
          } else {
            log(stageName, "stderr", `Could not ${action} ${nameOf(c)} (${short(c.Id)}): ${daemonMessage(err)}`);
            result.failed.push(nameOf(c));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, targets.length) }, worker));
    if (result.failed.length) {
      throw new Error(`Could not ${action} ${result.failed.length} of ${targets.length} containers: ${result.failed.join(", ")}`);
    }
    return result;
  });
}

/** Inspects, turning 404 into "does not exist" and anything else into the daemon's message. */
async function inspected<T>(what: string, ref: string, inspect: () => Promise<T>): Promise<T> {
  try {
    return await inspect();
  } catch (err) {
    if (statusCode(err) === 404) throw new Error(`${what} ${ref} does not exist on this host`);
    throw new Error(`Could not read ${what.toLowerCase()} ${ref}: ${daemonMessage(err)}`);
  }
}

export async function deleteImage(ref: string, force: boolean, log: LogFn, stage: StageFn): Promise<{ id: string; removed: string[] }> {
  const image = await inspected("Image", ref, () => docker().getImage(ref).inspect());
  const users = (await docker().listContainers({ all: true })).filter((c) => c.ImageID === image.Id);
  const running = users.filter((c) => c.State === "running" || c.State === "paused" || c.State === "restarting");
  // Docker refuses these even when forced, in words that name no container.
  if (running.length) throw new Error(`Image ${ref} is used by running container(s) ${names(running)}: stop and remove them first`);
  if (users.length && !force) throw new Error(`Image ${ref} is used by container(s) ${names(users)}: remove them first, or delete with force`);
  return runStage(stage, "delete-image", `docker image rm ${force ? "--force " : ""}${ref}`, async () => {
    if (users.length) log("delete-image", "stdout", `Forced: container(s) ${names(users)} keep running on an untagged image`);
    const removed: string[] = [];
    try {
      const answer = (await docker().getImage(ref).remove({ force })) as { Untagged?: string; Deleted?: string }[];
      for (const r of answer ?? []) {
        const line = r.Untagged ? `Untagged: ${r.Untagged}` : r.Deleted ? `Deleted: ${r.Deleted}` : null;
        if (!line) continue;
        log("delete-image", "stdout", line);
        removed.push(line);
      }
    } catch (err) {
      throw new Error(`Could not delete image ${ref}: ${daemonMessage(err)}`);
    }
    return { id: image.Id, removed };
  });
}

export async function deleteVolume(name: string, log: LogFn, stage: StageFn): Promise<{ name: string }> {
  await inspected("Volume", name, () => docker().getVolume(name).inspect());
  const users = await docker().listContainers({ all: true, filters: { volume: [name] } });
  if (users.length) throw new Error(`Volume ${name} is in use by container(s) ${names(users)}: remove them first`);
  return runStage(stage, "delete-volume", `docker volume rm ${name}`, async () => {
    try {
      await docker().getVolume(name).remove();
    } catch (err) {
      throw new Error(`Could not delete volume ${name}: ${daemonMessage(err)}`);
    }
    log("delete-volume", "stdout", `Deleted volume ${name}`);
    return { name };
  });
}

const PREDEFINED_NETWORKS = new Set(["bridge", "host", "none"]);

export async function deleteNetwork(ref: string, log: LogFn, stage: StageFn): Promise<{ id: string; name: string }> {
  const network = (await inspected("Network", ref, () => docker().getNetwork(ref).inspect())) as { Id: string; Name: string };
  if (PREDEFINED_NETWORKS.has(network.Name)) throw new Error(`Network ${network.Name} is one of Docker's own and can't be deleted`);
  // Stopped containers count too: Docker would let the network go, and they would fail to start.
  // By name as well as id: a container never started has no network id yet.
  const users = await docker().listContainers({ all: true, filters: { network: [network.Id, network.Name] } });
  if (users.length) throw new Error(`Network ${network.Name} is used by container(s) ${names(users)}: disconnect or remove them first`);
  return runStage(stage, "delete-network", `docker network rm ${network.Name}`, async () => {
    try {
      await docker().getNetwork(network.Id).remove();
    } catch (err) {
      throw new Error(`Could not delete network ${network.Name}: ${daemonMessage(err)}`);
    }
    log("delete-network", "stdout", `Deleted network ${network.Name} (${short(network.Id)})`);
    return { id: network.Id, name: network.Name };
  });
}

export async function housekeeping(payload: DockerHousekeepingPayload, log: LogFn, stage: StageFn): Promise<Record<string, unknown>> {
  switch (payload.kind) {
    case "docker.containers":
      return { ...(await allContainers(payload.action, log, stage, { label: payload.label })) };
    case "docker.image.delete":
      return deleteImage(payload.image, payload.force, log, stage);
    case "docker.volume.delete":
      return deleteVolume(payload.volume, log, stage);
    case "docker.network.delete":
      return deleteNetwork(payload.network, log, stage);
  }
}
