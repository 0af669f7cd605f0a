// Executions always end, even when core does not. What follows a running command (its
// promise, its timer, the socket it went out on) lives in the memory of the process that sent
// it, so when core starts, every Update and command the database still shows in flight was
// lost with the previous process: each is failed with the reason, before anything new runs.
// After that, a periodic check fails commands whose deadline (stored on the row) has passed.
//
// This assumes one core process per database, as the hub does today (ARCHITECTURE.md,
// "Scale-out note"): with several, the sweep needs to know which process owns what.
import { abandonCommands, enforceDeadlines, pruneFinishedCommands } from "../agents/commands";
import { db } from "../db";
import { logger } from "../logger";
import { finishExecution } from "../updates/progress";

export const INTERRUPTED_BY_RESTART = "Core restarted while this was running, so how it ended is unknown: check the target, then run it again";

/** Fails every command and Update left in flight by a previous core process. */
export async function failInterruptedExecutions(): Promise<{ commands: number; updates: number }> {
  const commands = await abandonCommands(INTERRUPTED_BY_RESTART);
  const stale = await db.update.findMany({ where: { status: { in: ["Queued", "InProgress"] } }, select: { id: true } });
  for (const { id } of stale) await finishExecution(id, false, INTERRUPTED_BY_RESTART);
  return { commands, updates: stale.length };
}

const CHECK_EVERY_MS = 5_000;
const PRUNE_EVERY_MS = 3_600_000;

/** Checks deadlines every few seconds and prunes old command rows hourly; returns a stop function. */
export function superviseExecutions(): () => void {
  let lastPrune = 0;
  let busy = false;
  const tick = async () => {
    if (busy) return; // a slow database must not pile checks up
    busy = true;
    try {
      await enforceDeadlines();
      if (Date.now() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        await pruneFinishedCommands();
      }
    } catch (e) {
      logger.error("checking agent command deadlines failed; retrying", e);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** What core does when it starts, before it accepts connections (server.ts). */
export async function onCoreStart(): Promise<() => void> {
  const { commands, updates } = await failInterruptedExecutions();
  if (commands || updates) logger.warn(`failed ${updates} update(s) and ${commands} agent command(s) left running by a previous core process`);
  return superviseExecutions();
}
