// One stage of a procedure run: every enabled step is prepared (resolved and checked for the
// principal) first; if any is refused the stage fails with that reason and nothing in it starts.
// Then the steps run in parallel, a resource step on each resource it matched in parallel too,
// and the stage waits for every child Update to end. On cancel, what runs is asked to stop.
import "../server-only";
import type { Actor } from "../authz/actor";
import { isAppError } from "../errors";
import { cancelUpdate } from "../executions/cancel";
import { executionFor } from "../resources/executions";
import { waitForEnd } from "../updates/wait";
import { prepareParamStep, type PreparedParamStep } from "./param-steps";
import { now, type StepState } from "./state";
import { prepareResourceStep, resourceStepOf, type PreparedResourceStep, type Step } from "./steps";

interface StageContext {
  signal: AbortSignal;
  save: () => Promise<unknown>;
  log: (line: string) => void;
}

type Prepared = PreparedResourceStep | PreparedParamStep;

const reasonOf = (e: unknown) => (isAppError(e) ? e.message : `Unexpected error: ${(e as Error).message}`);

export async function runStage(
  actor: Actor,
  procedure: { id: string; name: string },
  steps: { step: Step; state: StepState }[],
  ctx: StageContext,
): Promise<{ failure?: string }> {
  const live = steps.filter(({ step }) => step.enabled);
  const prepared = await Promise.allSettled(live.map(({ step }) => prepare(actor, step, procedure)));
  const refused = prepared.flatMap((p, k) => (p.status === "rejected" ? [{ k, reason: reasonOf(p.reason) }] : []));
  if (refused.length) {
    for (const { k, reason } of refused) Object.assign(live[k]!.state, { status: "failed", error: reason, endedAt: now() });
    for (const { state: step } of live)
      if (step.status === "pending") Object.assign(step, { status: "skipped", error: "Not started: a step in this stage was refused" });
    return { failure: refused.map(({ k, reason }) => `${live[k]!.step.operation} ${live[k]!.state.target}: ${reason}`).join("; ") };
  }
  const outcomes = await Promise.all(
    live.map(({ state: step }, k) => {
      const p = (prepared[k] as PromiseFulfilledResult<Prepared>).value;
      if (p.kind === "resources") step.matched = p.matched.map((m) => ({ ...m }));
      else step.target = p.label;
      if (p.kind === "resources") ctx.log(`${step.operation} ${step.target}: ${p.matched.map((m) => m.name).join(", ")}`);
      return runStep(actor, p, step, ctx);
    }),
  );
  const failed = outcomes.flatMap((o, k) => (o ? [`${live[k]!.step.operation} ${live[k]!.state.target}: ${o}`] : []));
  return failed.length ? { failure: failed.join("; ") } : {};
}

function prepare(actor: Actor, step: Step, procedure: { id: string; name: string }): Promise<Prepared> {
  return resourceStepOf(step) ? prepareResourceStep(actor, step) : prepareParamStep(actor, step, procedure);
}

/** Runs one step; returns why it failed, or undefined. */
async function runStep(actor: Actor, p: Prepared, step: StepState, ctx: StageContext): Promise<string | undefined> {
  step.status = "running";
  step.startedAt = now();
  await ctx.save();
  let failure: string | undefined;
  if (p.kind === "params") {
    try {
      const { updateId } = await p.run(ctx.signal);
      if (updateId) {
        step.updateId = updateId;
        await ctx.save();
        failure = await followChild(actor, updateId, ctx.signal);
      }
    } catch (e) {
      failure = reasonOf(e);
    }
  } else {
    const { run } = executionFor(p.type, p.operation);
    const failures = await Promise.all(
      step.matched!.map(async (m) => {
        try {
          const { updateId } = await run(actor, m.id, {});
          m.updateId = updateId;
          await ctx.save();
          const why = await followChild(actor, updateId, ctx.signal);
          return why && `${m.name}: ${why}`;
        } catch (e) {
          return `${m.name}: ${reasonOf(e)}`;
        }
      }),
    );
    const failed = failures.filter(Boolean);
    if (failed.length) failure = step.matched!.length > 1 ? `${failed.length} of ${step.matched!.length} failed: ${failed.join("; ")}` : failed[0];
  }
  step.status = ctx.signal.aborted ? "cancelled" : failure ? "failed" : "success";
  if (failure) step.error = failure;
  step.endedAt = now();
  await ctx.save();
  return ctx.signal.aborted ? "cancelled" : failure;
}

/** Waits for a child Update; on cancel, asks it to stop (not every execution can) and stops waiting. */
async function followChild(actor: Actor, updateId: string, signal: AbortSignal): Promise<string | undefined> {
  const end = await waitForEnd(updateId, signal);
  if (end) return end.success ? undefined : (end.error ?? "failed");
  await cancelUpdate(actor, updateId).catch(() => {}); // e.g. a deploy, which runs to its end
  return "cancelled";
}
