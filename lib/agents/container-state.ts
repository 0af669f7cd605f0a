// Live container state from the agent's Docker events: the Deployment or Stack service that
// owns the container gets its state updated and browsers are told, with no polling.
import { db } from "../db";
import { publish } from "../realtime/bus";
import { mergeInfo, setInfoEntry } from "../resources/info";
import { composeProject } from "../resources/stack/schema";
import { DEPLOYMENT_LABEL } from "../protocol/agent";

export async function onContainerState(serverIds: string[], event: { container: string; state: string; labels: Record<string, string> }) {
  const project = event.labels["com.docker.compose.project"];
  const service = event.labels["com.docker.compose.service"];
  if (project && service) {
    const stacks = await db.stack.findMany({
      where: { OR: serverIds.map((id) => ({ config: { path: ["serverId"], equals: id } })) },
      select: { id: true, name: true, config: true },
    });
    for (const stack of stacks) {
      if (composeProject(stack.name, stack.config as { projectName?: string }) !== project) continue;
      await setInfoEntry("stack", stack.id, "services", service, event.state);
      publish({ type: "resource.changed", resourceType: "stack", resourceId: stack.id });
    }
    return;
  }
  // Only the container Wheelhouse made for the deployment: an unmanaged one may share its name.
  if (event.labels[DEPLOYMENT_LABEL] !== event.container) return;
  const deployments = await db.deployment.findMany({
    where: { name: event.container, OR: serverIds.map((id) => ({ config: { path: ["serverId"], equals: id } })) },
    select: { id: true },
  });
  for (const d of deployments) {
    await mergeInfo("deployment", d.id, { state: event.state, stateAt: new Date().toISOString() });
    publish({ type: "resource.changed", resourceType: "deployment", resourceId: d.id });
  }
}
