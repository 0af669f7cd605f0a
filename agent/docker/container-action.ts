// Lifecycle actions on one container. Asking for the state a container is already in (start a
// running one, stop a stopped one) succeeds: core retries commands, and the outcome is the same.
import { docker } from "./client";
import { daemonMessage, statusCode } from "./errors";
import { deploymentContainer } from "./find-container";

export type ContainerAction = "start" | "stop" | "restart" | "pause" | "unpause" | "destroy";

/** Runs `action` on the container of the Deployment `name` (refused for any other container); returns its id. */
export async function containerAction(name: string, action: ContainerAction, stopTimeoutSeconds = 10): Promise<{ containerId: string }> {
  const info = await deploymentContainer(name);
  const container = docker().getContainer(info.Id);
  const stopped = (err: unknown) => {
    if (statusCode(err) !== 304) throw err; // 304: already in that state
  };
  // Refusals that Docker would phrase less clearly, checked before touching anything.
  if (action === "start" && info.State.Paused) throw new Error(`Container ${name} is paused: unpause it instead`);
  if (action === "pause" && !info.State.Running) throw new Error(`Container ${name} is not running, so it can't be paused`);
  try {
    switch (action) {
      case "start":
        await container.start().catch(stopped);
        break;
      case "stop":
        await container.stop({ t: stopTimeoutSeconds }).catch(stopped);
        break;
      case "restart":
        await container.restart({ t: stopTimeoutSeconds });
        break;
      case "pause":
        if (info.State.Paused) break;
        await container.pause();
        break;
      case "unpause":
        if (!info.State.Paused) break;
        await container.unpause();
        break;
      case "destroy":
        // Stop first so the container gets its stop signal and timeout instead of a SIGKILL.
        if (info.State.Running) await container.stop({ t: stopTimeoutSeconds }).catch(stopped);
        // v: removes the container's anonymous volumes; named volumes are never removed by this.
        await container.remove({ v: true, force: true });
        break;
    }
  } catch (err) {
    if (statusCode(err) === 404) throw new Error(`Container ${name} does not exist on this host`);
    throw new Error(`Could not ${action} container ${name}: ${daemonMessage(err)}`);
  }
  return { containerId: info.Id };
}
