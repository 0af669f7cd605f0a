// Running a Procedure: its stages in order, the steps of a stage in parallel, each step as the
// principal who started the run (a user, or the user a schedule or webhook acts for) — never as
// an admin. Before a stage starts, every step in it is resolved and checked (./steps.ts); one
// that would be refused fails the stage before anything in it runs. The run is one Update; each
// execution a step starts is a child Update (Update.parentId) whose output the run page links.
import "../server-only";
import type { z } from "zod";
import { closeAlert, openAlert } from "../alerts/alerts";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { onClusterMessage, sendToCore } from "../cluster/notify";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { logger } from "../logger";
import { AppError, notFound } from "../errors";
import { asExecution } from "../executions/run";
import { procedureConfig } from "../resources/procedure/schema";
import { appendLog } from "../updates/progress";
import { runStage } from "./stage";
import { now, type RunState, type StageState, type StepState } from "./state";

/** Nesting deeper than this is a mistake, not a plan. */
const MAX_DEPTH = 16;

interface Running {
  controller: AbortController;
  cancelledBy?: string;
}
// On globalThis: server.ts and Next's route bundles each load lib/, and a cancel may come through either.
const globalRuns = globalThis as unknown as { wheelhouseProcedureRuns?: Map<string, Running> };
const runs = (globalRuns.wheelhouseProcedureRuns ??= new Map());

onClusterMessage("procedure.cancel", "procedures", (body) => {
  const { updateId, by } = body as { updateId: string; by: string };
  const run = runs.get(updateId);
  if (!run || run.controller.signal.aborted) return;
  run.cancelledBy = by;
  run.controller.abort();
});

export async function runProcedure(actor: Actor, procedureId: string): Promise<{ updateId: string }> {
  await authorize(actor, "execute", { kind: "resource", type: "procedure", id: procedureId });
  const row = await db.procedure.findUnique({ where: { id: procedureId }, select: { id: true, name: true, config: true, template: true } });
  if (!row) throw notFound("Procedure");
  const parsed = procedureConfig.safeParse(row.config);
  // Saved configs were valid when saved; one that no longer is (an older format) is said so, not run.
  if (!parsed.success) throw new AppError("CONFLICT", `Procedure ${row.name}'s saved configuration is no longer valid: save it again to run it`);
  const config = parsed.data;
  await refuseCycle(actor, row);
  const procedure = { id: row.id, name: row.name };
  return asExecution(actor, "RunProcedure", { type: "procedure", ...procedure, template: row.template }, async (updateId) => {
    const running: Running = { controller: new AbortController() };
    runs.set(updateId, running);
    try {
      const outcome = await runStages(actor, updateId, procedure, config, running);
      await (outcome.success
        ? closeAlert("ProcedureFailed", { type: "procedure", id: procedure.id })
        : config.failureAlert &&
          openAlert({
            type: "ProcedureFailed",
            level: "critical",
            target: { type: "procedure", ...procedure },
            message: `Procedure ${procedure.name} failed: ${outcome.error}`,
            data: { updateId },
          }));
      return outcome;
    } finally {
      runs.delete(updateId);
    }
  });
}

async function runStages(actor: Actor, updateId: string, procedure: { id: string; name: string }, config: z.infer<typeof procedureConfig>, running: Running) {
  // Each stage and step beside its state, so the loop below never looks one up by index.
  const plan = config.stages.map((stage) => {
    const steps = stage.executions.map((step) => ({
      step,
      state: { operation: step.operation, target: step.target, status: stage.enabled && step.enabled ? "pending" : "skipped" } as StepState,
    }));
    const state: StageState = { name: stage.name, status: stage.enabled ? "pending" : "skipped", steps: steps.map((s) => s.state) };
    return { stage, steps, state };
  });
  const state: RunState = { kind: "procedure-run", procedure, stages: plan.map((p) => p.state) };
  const save = stateWriter(updateId);
  await save(state);
  const log = (line: string) => appendLog(updateId, "procedure", "stdout", line);
  const stepActor: Actor = { ...actor, parentUpdateId: updateId };
  const signal = running.controller.signal;
  let failure: string | undefined;
  for (const { stage, steps, state: stageState } of plan) {
    if (!stage.enabled) {
      log(`Stage ${stage.name}: disabled, skipped`);
      continue;
    }
    if (failure || signal.aborted) {
      stageState.status = signal.aborted ? "cancelled" : "skipped";
      for (const step of stageState.steps) if (step.status === "pending") step.status = stageState.status;
      continue;
    }
    stageState.status = "running";
    stageState.startedAt = now();
    log(`Stage ${stage.name}: started`);
    await save(state);
    const result = await runStage(stepActor, procedure, steps, { signal, save: () => save(state), log });
    stageState.endedAt = now();
    stageState.status = signal.aborted ? "cancelled" : result.failure ? "failed" : "success";
    if (result.failure) failure = `Stage ${stage.name}: ${result.failure}`;
    log(`Stage ${stage.name}: ${stageState.status}${result.failure ? ` (${result.failure})` : ""}`);
    await save(state);
  }
  await save(state);
  if (signal.aborted) return { success: false, error: `Cancelled by ${running.cancelledBy ?? "someone"}` };
  return failure ? { success: false, error: failure } : { success: true };
}

/** A procedure that runs itself, directly or through others, would never end: refused before it starts. */
async function refuseCycle(actor: Actor, procedure: { id: string; name: string }) {
  const chain = [procedure.name];
  let parentId = actor.parentUpdateId;
  for (let depth = 0; parentId; depth++) {
    if (depth >= MAX_DEPTH) throw new AppError("CONFLICT", `Procedures nest more than ${MAX_DEPTH} deep: ${chain.reverse().join(" → ")}`);
    const parent = await db.update.findUnique({ where: { id: parentId }, select: { parentId: true, targetType: true, targetId: true, targetName: true } });
    if (!parent) break;
    if (parent.targetType === "procedure") {
      chain.push(parent.targetName ?? "?");
      if (parent.targetId === procedure.id) throw new AppError("CONFLICT", `Procedure ${procedure.name} would run itself: ${chain.reverse().join(" → ")}`);
    }
    parentId = parent.parentId ?? undefined;
  }
}

/** Asks the core running a procedure run to cancel it: what runs is cancelled, the rest skipped. */
export async function cancelProcedureRun(actor: Actor, updateId: string, coreId: string | null): Promise<{ cancelled: number }> {
  if (!coreId) throw new AppError("CONFLICT", "This run is not running on any core");
  appendLog(updateId, "cancel", "stdout", `Cancelled by ${actor.username}`);
  sendToCore(coreId, "procedure.cancel", { updateId, by: actor.username });
  return { cancelled: 1 };
}

/** Saves the state; writes are chained so they land in the order they were made. */
export function stateWriter(updateId: string) {
  let last: Promise<unknown> = Promise.resolve();
  return (state: RunState) => {
    const snapshot = JSON.parse(JSON.stringify(state)) as Prisma.InputJsonValue;
    // A lost write only makes the run page lag: the next one carries the whole state again.
    last = last
      .then(() => db.update.update({ where: { id: updateId }, data: { detail: snapshot } }))
      .catch((e) => logger.warn(`could not save the progress of run ${updateId}`, e));
    return last;
  };
}
