// Runs no person starts at the keyboard — a schedule's tick, a webhook's push — act as the user
// who last saved the Procedure, with that user's permissions checked at every step (never an
// admin's unless they are one). The Update credits that user and names what started it in `via`.
import "../server-only";
import { actorOfUser, type Actor } from "../authz/actor";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { runProcedure } from "./run";

/** The user a procedure's unattended runs act as, or why there is none. */
export async function procedureRunner(procedureId: string): Promise<Actor> {
  const row = await db.procedure.findUnique({ where: { id: procedureId }, select: { name: true, updatedById: true, createdById: true } });
  if (!row) throw notFound("Procedure");
  const userId = row.updatedById ?? row.createdById;
  const user = userId ? await db.user.findUnique({ where: { id: userId }, select: { id: true, username: true, admin: true, enabled: true } }) : null;
  if (!user) throw new AppError("CONFLICT", "the user who last saved the procedure no longer exists; save it again to run it as yourself");
  if (!user.enabled) throw new AppError("CONFLICT", `${user.username}, who last saved the procedure, is disabled; save it again to run it as yourself`);
  return actorOfUser(user);
}

/** Starts a run on behalf of `by` (e.g. "schedule", "GitHub webhook"); says whose permissions it runs with. */
export async function runProcedureOnBehalf(procedureId: string, by: string): Promise<{ updateId: string; runAs: string }> {
  const actor = await procedureRunner(procedureId);
  const { updateId } = await runProcedure({ ...actor, onBehalf: by }, procedureId);
  return { updateId, runAs: actor.username };
}
