// Procedure runs started by a schedule or a webhook: as the user who last saved the Procedure
// (lib/authz/saved-by.ts), with that user's permissions checked at every step.
import "../server-only";
import { actorSavedBy } from "../authz/saved-by";
import { runProcedure } from "./run";

/** Starts a run on behalf of `by` (e.g. "schedule", "GitHub webhook"); says whose permissions it runs with. */
export async function runProcedureOnBehalf(procedureId: string, by: string): Promise<{ updateId: string; runAs: string }> {
  const actor = await actorSavedBy("procedure", procedureId, by);
  const { updateId } = await runProcedure(actor, procedureId);
  return { updateId, runAs: actor.username };
}
