// A procedure run's progress, kept on its Update (Update.detail) as it changes: the run page
// draws it, run history reads it, and it outlives the core that ran it. Pure: the browser's
// run view reads these types too (the writer is in ./run.ts).

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
