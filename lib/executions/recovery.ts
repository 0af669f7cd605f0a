// Executions always end, even when a core process does not. Several cores share the database,
// so nothing is failed just because a core starts: what a dead core was running is found by its
// CoreNode row going stale (lib/cluster/nodes.ts), and then
// - its agents' connections are marked lost (if they haven't reconnected elsewhere), which starts
//   their commands' reconnect grace (lib/agents/commands.ts);
// - each Update it ran ends: with its command's outcome if the command has ended, or failed with
//   INTERRUPTED_BY_RESTART if it had none in flight; one whose command is still in flight is left
//   to that command (its agent may yet report, and the deadline bounds the wait).
// Every few seconds each core also enforces command deadlines and reconnect graces from the rows.
import { IN_FLIGHT, sweepCommands } from "../agents/commands";
import { markDisconnected } from "../agents/status";
import { coreGone, joinCluster } from "../cluster/nodes";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { logger } from "../logger";
import { finishExecution } from "../updates/progress";

export const INTERRUPTED_BY_RESTART = "Core restarted while this was running, so how it ended is unknown: check the target, then run it again";

/**
 * Ends what cores that are gone left behind; returns how many Updates it ended. "Gone" is decided
 * in the same statement that picks the rows (never from a cached list of cores), so a core that
 * started a moment ago is not mistaken for a dead one.
 */
export async function recoverFromDeadCores(): Promise<number> {
  const agents = await db.$queryRaw<{ id: string; coreId: string }[]>`
    SELECT id, "coreId" FROM "Agent" a WHERE "coreId" IS NOT NULL AND ${coreGone(Prisma.sql`a."coreId"`)}`;
  for (const agent of agents) await markDisconnected(agent.id, "its core process stopped", agent.coreId);

  const orphans = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Update" u WHERE status IN ('Queued', 'InProgress') AND (u."coreId" IS NULL OR ${coreGone(Prisma.sql`u."coreId"`)})`;
  let ended = 0;
  for (const { id } of orphans) {
    const command = await db.agentCommand.findFirst({ where: { updateId: id }, orderBy: { createdAt: "desc" }, select: { status: true, error: true } });
    if (command && IN_FLIGHT.includes(command.status)) continue;
    if (command) await finishExecution(id, command.status === "done", command.error);
    else await finishExecution(id, false, INTERRUPTED_BY_RESTART);
    ended++;
  }
  return ended;
}

const CHECK_EVERY_MS = 2_000;

/** Sweeps every few seconds (pruning old rows is a background job, lib/jobs.ts); returns a stop function. */
export function superviseExecutions(): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return; // a slow database must not pile checks up
    busy = true;
    try {
      await sweepCommands();
      await recoverFromDeadCores();
    } catch (e) {
      logger.error("checking executions failed; retrying", e);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** What core does when it starts, before it accepts connections (server.ts). */
export async function onCoreStart(): Promise<() => Promise<void>> {
  const leave = await joinCluster();
  const updates = await recoverFromDeadCores();
  if (updates) logger.warn(`ended ${updates} update(s) left running by a core process that is gone`);
  const stop = superviseExecutions();
  return async () => {
    stop();
    await leave();
  };
}
