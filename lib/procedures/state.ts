// A procedure run's progress, kept on its Update (Update.detail) as it changes: the run page
// draws it, run history reads it, and it outlives the core that ran it.
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { logger } from "../logger";

export type RunStatus = "pending" | "running" | "success" | "failed" | "skipped" | "cancelled";

export interface MatchedState {
  type: string;
  id: string;
  name: string;
  /** The child Update running the step on this resource. */
  updateId?: string;
}

export interface StepState {
  operation: string;
  /** The pattern, or what a parameterised step does. */
  target: string;
  status: RunStatus;
  error?: string;
  matched?: MatchedState[];
  /** Parameterised steps that are executions of their own (Kubernetes actions). */
  updateId?: string;
  startedAt?: string;
  endedAt?: string;
}

export interface StageState {
  name: string;
  status: RunStatus;
  steps: StepState[];
  startedAt?: string;
  endedAt?: string;
}

export interface RunState {
  kind: "procedure-run";
  procedure: { id: string; name: string };
  stages: StageState[];
}

export function isRunState(detail: unknown): detail is RunState {
  return typeof detail === "object" && detail !== null && (detail as { kind?: unknown }).kind === "procedure-run";
}

export const now = () => new Date().toISOString();

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
