// ContainerStateChange and StackStateChange: a container Wheelhouse manages leaves "running"
// when no Wheelhouse execution on its Deployment or Stack explains it (a stop, destroy or
// redeploy is running, or ended moments ago — Docker's events can arrive after the command's
// result). Resolved when it runs again; for a Stack, when every service runs again.
import "../server-only";
import { db } from "../db";
import { logger } from "../logger";
import { closeAlert, openAlert } from "./alerts";

/** States a container leaves "running" for that mean it is down (paused and restarting are not). */
const DOWN = new Set(["exited", "dead", "removed"]);
/** How long after a Wheelhouse execution on the target a container going down is taken as its doing. */
export const OWN_ACTION_GRACE_MS = 15_000;

export type StackHealth = "healthy" | "unhealthy" | "down";

/** Pure: a Stack is healthy when every service runs, down when none does, unhealthy between. */
export function stackHealth(services: Record<string, string>): StackHealth {
  const states = Object.values(services);
  if (!states.length) return "healthy";
  const running = states.filter((s) => s === "running").length;
  if (running === states.length) return "healthy";
  return running === 0 && states.every((s) => DOWN.has(s)) ? "down" : "unhealthy";
}

/**
 * Whether a Wheelhouse execution on the target or its Server (stop all, prune…) is running or
 * just ended: one query, asked only when a container went down. Configuration changes (an
 * Update with a "change" stage, recordChange) touch no container and don't count.
 */
async function byWheelhouse(type: string, id: string, serverId: string | undefined): Promise<boolean> {
  const since = new Date(Date.now() - OWN_ACTION_GRACE_MS);
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 FROM "Update" u
    WHERE (("targetType" = ${type} AND "targetId" = ${id}) OR ("targetType" = 'server' AND "targetId" = ${serverId ?? ""}))
      AND (status IN ('Queued', 'InProgress') OR "endedAt" >= ${since})
      AND NOT EXISTS (SELECT 1 FROM "UpdateLog" l WHERE l."updateId" = u.id AND l.stage = 'change')
    LIMIT 1`;
  return rows.length > 0;
}

export async function deploymentContainerAlert(...args: Parameters<typeof deploymentAlert>): Promise<void> {
  // A container's state is stored whatever happens to its alert.
  await deploymentAlert(...args).catch((e) => logger.error(`could not record the ContainerStateChange alert of deployment ${args[0].id}`, e));
}

async function deploymentAlert(deployment: { id: string; name: string; serverId?: string }, before: string | undefined, state: string): Promise<void> {
  const target = { type: "deployment", id: deployment.id, name: deployment.name };
  if (state === "running") {
    if (before !== "running") await closeAlert("ContainerStateChange", target);
    return;
  }
  if (before !== "running" || !DOWN.has(state)) return;
  // Wheelhouse stopped or replaced it: expected, and whatever was open about it is moot.
  if (await byWheelhouse("deployment", deployment.id, deployment.serverId)) return closeAlert("ContainerStateChange", target);
  await openAlert({
    type: "ContainerStateChange",
    level: "critical",
    target,
    message: `Container ${deployment.name} went from running to ${state} outside Wheelhouse`,
    data: { from: before, to: state },
  });
}

export async function stackServiceAlert(...args: Parameters<typeof stackAlert>): Promise<void> {
  await stackAlert(...args).catch((e) => logger.error(`could not record the StackStateChange alert of stack ${args[0].id}`, e));
}

async function stackAlert(
  stack: { id: string; name: string; serverId?: string },
  services: Record<string, string>,
  service: string,
  state: string,
): Promise<void> {
  const target = { type: "stack", id: stack.id, name: stack.name };
  const before = services[service];
  const after = stackHealth({ ...services, [service]: state });
  if (after === "healthy") {
    if (stackHealth(services) !== "healthy") await closeAlert("StackStateChange", target);
    return;
  }
  if (before !== "running" || !DOWN.has(state)) return;
  if (await byWheelhouse("stack", stack.id, stack.serverId)) return closeAlert("StackStateChange", target);
  await openAlert({
    type: "StackStateChange",
    level: after === "down" ? "critical" : "warning",
    target,
    message: `Stack ${stack.name} is ${after}: service ${service} went from running to ${state} outside Wheelhouse`,
    data: { health: after, service, from: before, to: state },
  });
}
