// Every execution runs the same way: an Update is written first (its id goes back to the
// caller at once), the work runs in the background streaming into it, and whatever
// happens — success, a failed command, an exception — the Update ends Complete.
import type { Actor } from "../authz/actor";
import type { Prisma } from "../generated/prisma/client";
import { isAppError } from "../errors";
import { logger } from "../logger";
import { publish } from "../realtime/bus";
import { finishExecution, startExecution, type ExecutionTarget } from "../updates/progress";

export async function asExecution(
  actor: Actor,
  operation: string,
  target: ExecutionTarget,
  /** Its outcome, and optionally a write recording it, made with the Update's end (see finishExecution). */
  work: (updateId: string) => Promise<{ success: boolean; error?: string; along?: Prisma.Sql }>,
  configs?: { previousConfig?: object; newConfig?: object },
): Promise<{ updateId: string }> {
  const update = await startExecution(
    actor,
    operation,
    { type: target.type, id: target.id, name: target.name, namespace: target.namespace, template: target.template },
    configs,
  );
  void (async () => {
    try {
      const outcome = await work(update.id);
      await finishExecution(update.id, outcome.success, outcome.error, outcome.along);
    } catch (e) {
      if (!isAppError(e)) logger.error(`${operation} on ${target.type} ${target.id} failed unexpectedly`, e);
      // If the database is what failed, this write may fail too: log it rather than let an
      // unhandled rejection take core down; the next core start fails the Update.
      await finishExecution(update.id, false, isAppError(e) ? e.message : `Unexpected error: ${(e as Error).message}`).catch((err) =>
        logger.error(`could not end update ${update.id} of ${operation}`, err),
      );
    } finally {
      publish({ type: "resource.changed", resourceType: target.type, resourceId: target.id });
    }
  })();
  return { updateId: update.id };
}
