// Live container state from the agent's Docker events: the Deployment or Stack service that
// owns the container gets its state updated and browsers are told, with no polling.
import { db } from "../db";
import { publish } from "../realtime/bus";
import { mergeInfo, setInfoEntry } from "../resources/info";
import { composeProject } from "../resources/stack/schema";
import { DEPLOYMENT_LABEL } from "../protocol/agent";
import { deploymentContainerAlert, stackServiceAlert } from "../alerts/container-alerts";

/**
 * `serverIds` is asked only for an event that can concern a Deployment or Stack: an agent on a
 * Kubernetes node hears every container the kubelet starts and stops, and those events share
 * the agent's lane with its command replies, so each must cost no query.
 */
export async function onContainerState(serverIds: () => Promise<string[]>, event: { container: string; state: string; labels: Record<string, string> }) {
  const project = event.labels["com.docker.compose.project"];
  const service = event.labels["com.docker.compose.service"];
  if (project && service) {
    const ids = await serverIds();
    const stacks = await db.stack.findMany({
      where: { OR: ids.map((id) => ({ config: { path: ["serverId"], equals: id } })) },
      select: { id: true, name: true, config: true, info: true },
    });
    for (const stack of stacks) {
      if (composeProject(stack.name, stack.config as { projectName?: string }) !== project) continue;
      // Decided before the state is stored: whoever sees the new state finds the alert decided too.
      await stackServiceAlert(
        { ...stack, serverId: (stack.config as { serverId?: string }).serverId },
        (stack.info as { services?: Record<string, string> } | null)?.services ?? {},
        service,
        event.state,
      );
      await setInfoEntry("stack", stack.id, "services", service, event.state);
      publish({ type: "resource.changed", resourceType: "stack", resourceId: stack.id });
    }
    return;
  }
  // Only the container Wheelhouse made for the deployment: an unmanaged one may share its name.
  if (event.labels[DEPLOYMENT_LABEL] !== event.container) return;
  const ids = await serverIds();
  const deployments = await db.deployment.findMany({
    where: { name: event.container, OR: ids.map((id) => ({ config: { path: ["serverId"], equals: id } })) },
    select: { id: true, name: true, info: true, config: true },
  });
  for (const d of deployments) {
    // Decided before the state is stored, as for stacks above.
    await deploymentContainerAlert({ ...d, serverId: (d.config as { serverId?: string }).serverId }, (d.info as { state?: string } | null)?.state, event.state);
    await mergeInfo("deployment", d.id, { state: event.state, stateAt: new Date().toISOString() });
    publish({ type: "resource.changed", resourceType: "deployment", resourceId: d.id });
  }
}
