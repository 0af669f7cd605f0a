// Deploys one container so that a failed deploy never leaves the service down: the previous
// container is parked under another name and stopped (freeing its ports), the new one is
// created and started, and only then is the previous one removed. On failure the new one is
// removed and the previous one gets its name back and is started again.
import type { ContainerSpec } from "@/lib/protocol/agent";
import { docker } from "./client";
import { createOptions } from "./container-config";
import { daemonMessage, portConflict, statusCode } from "./errors";
import { bareName, findContainer, isDeploymentContainer, notOurs } from "./find-container";
import { type LogFn, type StageFn, redactingLog, redactor, runStage } from "./progress";
import { ensureImage } from "./pull";
import { containerReach } from "@/lib/protocol/host-reach";
import { realpathOnHost, refuseHostReach } from "./host-reach";

export const PARKED_SUFFIX = ".wh-previous";

interface Previous {
  id: string;
  wasRunning: boolean;
}

type Say = (stage: string, line: string) => void;

/** Parks the container currently named `name` (if any) and stops it; returns what to restore on failure. */
async function setAsidePrevious(name: string, say: Say): Promise<Previous | null> {
  let current = await findContainer(name);
  let parked = await findContainer(name + PARKED_SUFFIX);
  for (const found of [current, parked]) if (found && !isDeploymentContainer(found, name)) throw new Error(notOurs(bareName(found.Name)));
  // Both exist only after an interrupted deploy. A new container that never started is the
  // half-done part; a running one means only removing the parked one was left to do.
  if (current && parked) {
    const stale = current.State.Running ? parked : current;
    await docker().getContainer(stale.Id).remove({ force: true });
    say("stop previous", `Removed ${stale.Name.slice(1)} (${stale.Id.slice(0, 12)}), left over from an interrupted deploy`);
    if (stale === current) current = null;
    else parked = null;
  }
  const previous = current ?? parked;
  if (!previous) {
    say("stop previous", `No container named ${name} yet`);
    return null;
  }
  const container = docker().getContainer(previous.Id);
  if (previous === current) await container.rename({ name: name + PARKED_SUFFIX });
  const wasRunning = previous.State.Running || previous.State.Restarting;
  if (wasRunning) {
    say("stop previous", `Stopping ${name} (${previous.Id.slice(0, 12)})`);
    // No timeout given: Docker uses the old container's own stop signal and timeout.
    await container.stop().catch(async (err) => {
      if (statusCode(err) === 304) return; // already stopped
      if (previous === current) await container.rename({ name }).catch(() => {});
      throw new Error(`Could not stop the previous ${name}: ${daemonMessage(err)}`);
    });
  }
  say("stop previous", `Kept ${name} (${previous.Id.slice(0, 12)}) aside as ${name}${PARKED_SUFFIX} until the new one runs`);
  return { id: previous.Id, wasRunning };
}

async function restorePrevious(name: string, previous: Previous, say: Say): Promise<void> {
  const container = docker().getContainer(previous.id);
  await container.rename({ name });
  if (previous.wasRunning) await container.start();
  say("run", `Restored the previous ${name} (${previous.id.slice(0, 12)})${previous.wasRunning ? " and started it again" : ""}`);
}

async function createAndStart(spec: ContainerSpec, say: Say): Promise<string> {
  const container = await docker()
    .createContainer(createOptions(spec))
    .catch((err) => {
      throw new Error(`Could not create container ${spec.name}: ${daemonMessage(err)}`);
    });
  say("run", `Created ${spec.name} (${container.id.slice(0, 12)})`);
  try {
    await container.start();
  } catch (err) {
    await container.remove({ force: true, v: true }).catch(() => {});
    const message = daemonMessage(err);
    throw new Error(portConflict(message) ?? `Container ${spec.name} failed to start: ${message}`);
  }
  say("run", `Started ${spec.name} (${container.id.slice(0, 12)})`);
  return container.id;
}

function runCommand(spec: ContainerSpec): string {
  const flags = [
    `--name ${spec.name}`,
    ...spec.ports.map((p) => `-p ${p}`),
    ...spec.volumes.map((v) => `-v ${v}`),
    ...Object.keys(spec.env).map((k) => `-e ${k}`),
    spec.network ? `--network ${spec.network}` : "",
    `--restart ${spec.restart}`,
  ].filter(Boolean);
  return ["docker run -d", ...flags, spec.image, ...spec.command].join(" ");
}

export async function deployContainer(spec: ContainerSpec, log: LogFn, stage: StageFn): Promise<{ containerId: string }> {
  const redact = redactor(spec.redact);
  const out = redactingLog(log, spec.redact);
  const say: Say = (name, line) => out(name, "stdout", line);
  const report: StageFn = (name, command, status, success) => stage(name, redact(command), status, success);
  try {
    createOptions(spec); // bad ports/volumes fail here, before anything on the host is touched
    refuseHostReach(containerReach(spec, spec.hostAccess, realpathOnHost), spec.hostAccess);
    await runStage(report, "pull", `docker pull ${spec.image}`, () => ensureImage(spec.image, (line) => say("pull", line), spec.registryAuth));
    const previous = await runStage(report, "stop previous", `docker stop ${spec.name}`, () => setAsidePrevious(spec.name, say));
    let containerId: string;
    try {
      containerId = await runStage(report, "run", runCommand(spec), () => createAndStart(spec, say));
    } catch (err) {
      if (previous) {
        await restorePrevious(spec.name, previous, say).catch((restoreErr) => {
          throw new Error(`${(err as Error).message}; restoring the previous container also failed: ${daemonMessage(restoreErr)}`);
        });
      }
      throw err;
    }
    if (previous) {
      // Anonymous volumes of the old container are kept: they may hold data nobody copied yet.
      await docker()
        .getContainer(previous.id)
        .remove({ force: true })
        .then(() => say("run", `Removed the previous container (${previous.id.slice(0, 12)})`))
        .catch((err) => out("run", "stderr", `Could not remove the previous container ${previous.id.slice(0, 12)}: ${daemonMessage(err)}`));
    }
    return { containerId };
  } catch (err) {
    throw new Error(redact(daemonMessage(err)));
  }
}
