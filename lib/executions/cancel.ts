// Cancelling an execution while its agent runs it (a build, a clone): the agent kills what it
// runs, and the command, so the Update, fails as cancelled. A command not yet sent to the agent
// ends at once. A procedure run is cancelled by the core running it (lib/procedures/run.ts). Who
// may cancel is who may run it: Execute on the Update's resource.
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { endCommand, IN_FLIGHT } from "../agents/commands";
import { sendToAgent } from "../agents/relay";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { isResourceTypeKey } from "../resources/registry";
import { appendLog } from "../updates/progress";
import { cancelProcedureRun } from "../procedures/run";

export async function cancelUpdate(actor: Actor, updateId: string): Promise<{ cancelled: number }> {
  const update = await db.update.findUnique({ where: { id: updateId }, select: { status: true, targetType: true, targetId: true, coreId: true } });
  if (!update || !update.targetId || !isResourceTypeKey(update.targetType)) throw notFound("Update");
  // Someone who can't see the resource learns nothing about the Update either.
  await authorize(actor, "execute", { kind: "resource", type: update.targetType, id: update.targetId }).catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") throw notFound("Update");
    throw e;
  });
  if (update.status === "Complete") throw new AppError("CONFLICT", "This Update has already ended");
  if (update.targetType === "procedure") return cancelProcedureRun(actor, updateId, update.coreId);
  const commands = await db.agentCommand.findMany({ where: { updateId, status: { in: IN_FLIGHT } }, select: { id: true, agentId: true, status: true } });
  if (!commands.length) throw new AppError("CONFLICT", "Nothing of this Update is running on an agent");
  appendLog(updateId, "cancel", "stdout", `Cancelled by ${actor.username}`);
  for (const command of commands) {
    if (command.status === "queued") await endCommand(command.id, "failed", `Cancelled by ${actor.username} before it started`);
    else await sendToAgent(command.agentId, { type: "command.cancel", commandId: command.id });
  }
  return { cancelled: commands.length };
}
