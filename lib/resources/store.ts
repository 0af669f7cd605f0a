// Typed access to the per-type tables. Every resource table has the same columns (see
// prisma/schema.prisma), so one structural delegate type serves them all.
import type { Tx } from "../db";
import type { ResourceTypeKey } from "./define";

export interface ResourceRow {
  id: string;
  name: string;
  description: string;
  tags: string[];
  config: unknown;
  info: unknown;
  secrets?: unknown;
  createdById: string | null;
  updatedById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type Args = Record<string, unknown>;
export interface ResourceDelegate {
  findMany(args?: Args): Promise<ResourceRow[]>;
  findUnique(args: Args): Promise<ResourceRow | null>;
  create(args: Args): Promise<ResourceRow>;
  update(args: Args): Promise<ResourceRow>;
  delete(args: Args): Promise<ResourceRow>;
  count(args?: Args): Promise<number>;
}

/** Prisma model accessor for each type; the sync type's table is ResourceSync. */
const MODEL: Record<ResourceTypeKey, string> = {
  server: "server",
  deployment: "deployment",
  stack: "stack",
  build: "build",
  builder: "builder",
  repo: "repo",
  procedure: "procedure",
  sync: "resourceSync",
  alerter: "alerter",
  variable: "variable",
  credential: "credential",
  cluster: "cluster",
};

export function resourceDelegate(tx: Tx, type: ResourceTypeKey): ResourceDelegate {
  return (tx as unknown as Record<string, ResourceDelegate>)[MODEL[type]];
}

/** Types whose table has a `secrets` column (omitted from queries unless asked for). */
export function hasSecretsColumn(type: ResourceTypeKey): boolean {
  return type === "variable" || type === "credential" || type === "alerter";
}
