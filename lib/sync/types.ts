// What a ResourceSync reads, plans and reports, as core computes it and the browser shows it.
// Pure: the Sync page imports these types.
import type { ResourceTypeKey } from "../resources/define";

/** Where in the TOML something was declared or went wrong (1-based). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface SyncError extends SourcePosition {
  message: string;
}

/** One `[[type]]` entry, its config already in Wheelhouse's shape (references still by name). */
export interface Declared {
  type: ResourceTypeKey;
  name: string;
  description?: string;
  tags?: string[];
  /** Deploy (or run) it when the sync executes and something about it calls for it. */
  deploy: boolean;
  /** Names of resources it deploys after. */
  after: string[];
  /** Only the fields the TOML sets: omitted ones are kept (or reset, if the sync says so). */
  config: Record<string, unknown>;
  at: SourcePosition;
}

export interface Declarations {
  resources: Declared[];
  errors: SyncError[];
}

export type PlanAction = "create" | "update" | "delete" | "unchanged";

export interface FieldChange {
  /** "config.image", "description", "tags". */
  path: string;
  from: unknown;
  to: unknown;
  /** Omitted in the TOML and reset to its default because the sync resets omitted fields. */
  reset?: boolean;
}

export interface PlanItem {
  /** Stable across plans of the same world: `type:name`. */
  key: string;
  type: ResourceTypeKey;
  name: string;
  action: PlanAction;
  changes: FieldChange[];
  /** Would deploy on execute, and why; `ifChanged`: a running git or host Stack deploys only if its files changed. */
  deploy: { will: boolean; reason: string; ifChanged?: boolean };
  after: string[];
  at?: SourcePosition;
}

export interface SyncPlan {
  items: PlanItem[];
  errors: SyncError[];
  /** A digest of the plan's items: execute refuses a plan the world has moved on from. */
  hash: string;
  /** The source commit, for git sources. */
  commit?: string;
  computedAt: string;
}
