// Typed access to the per-type tables. Every resource table has the same columns (see
// prisma/schema.prisma), so one structural delegate type serves them all.
import { AppError } from "../errors";
import type { Tx } from "../db";
import type { ResourceTypeKey } from "./define";
import { resourceType } from "./registry";

export interface ResourceRow {
  id: string;
  name: string;
  description: string;
  tags: string[];
  template: boolean;
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

/** The Prisma accessor of the type's table ("ResourceSync" → db.resourceSync). */
const modelOf = (type: ResourceTypeKey) => {
  const table = resourceType(type).table;
  return table.charAt(0).toLowerCase() + table.slice(1);
};

export function resourceDelegate(tx: Tx, type: ResourceTypeKey): ResourceDelegate {
  const delegate = (tx as unknown as Record<string, ResourceDelegate | undefined>)[modelOf(type)];
  if (!delegate) throw new AppError("INTERNAL", `The Prisma client has no table ${resourceType(type).table} for ${type} (run prisma generate)`);
  return delegate;
}

/** Types with secret fields keep them in a `secrets` column (omitted from queries unless asked for, lib/db.ts). */
export function hasSecretsColumn(type: ResourceTypeKey): boolean {
  return (resourceType(type).secrets?.length ?? 0) > 0;
}
