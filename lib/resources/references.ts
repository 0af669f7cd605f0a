// Config fields that point at other resources: checked on write (the target must exist and
// be readable by the actor) and on delete (a resource others use is not deleted).
import { accessOf } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { atLeast } from "../authz/permissions";
import type { Tx } from "../db";
import type { FieldErrors } from "../errors";
import type { ResourceTypeKey } from "./define";
import { RESOURCE_TYPES, resourceType } from "./registry";
import { resourceDelegate } from "./store";

export async function checkReferences(tx: Tx, actor: Actor, type: ResourceTypeKey, config: Record<string, unknown>): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  for (const ref of resourceType(type).references ?? []) {
    const value = config[ref.field];
    const ids = (ref.many ? (value as string[]) : [value as string]).filter(Boolean);
    for (const [i, id] of ids.entries()) {
      const target = await resourceDelegate(tx, ref.type).findUnique({ where: { id }, select: { id: true, name: true } });
      const readable = target && atLeast((await accessOf(actor, ref.type, target)).level, "Read");
      if (!readable) {
        const path = ref.many ? `config.${ref.field}.${i}` : `config.${ref.field}`;
        errors[path] = [`No ${resourceType(ref.type).label.toLowerCase()} with id "${id}"`];
      }
    }
  }
  return errors;
}

/** Names of resources whose config references the given one, as "Deployment web". */
export async function dependentsOf(tx: Tx, type: ResourceTypeKey, id: string): Promise<string[]> {
  const found: string[] = [];
  for (const def of RESOURCE_TYPES) {
    for (const ref of def.references ?? []) {
      if (ref.type !== type) continue;
      const where = ref.many
        ? { config: { path: [ref.field], array_contains: [id] } }
        : { config: { path: [ref.field], equals: id } };
      const rows = await resourceDelegate(tx, def.key).findMany({ where, select: { name: true } });
      found.push(...rows.map((r) => `${def.label} ${r.name}`));
    }
  }
  return found;
}
