// Config fields that point at other resources: checked on write (the target must exist and
// be readable by the actor) and on delete (a resource others use is not deleted).
import { accessOf } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { atLeast } from "../authz/permissions";
import type { Tx } from "../db";
import type { FieldErrors } from "../errors";
import type { Reference, ResourceTypeKey } from "./define";
import { RESOURCE_TYPES, resourceType } from "./registry";
import { resourceDelegate } from "./store";

/**
 * Pointing at some types is acting with them: placing work on a Server (its agent runs it),
 * building on a Builder, or using a Credential (its secret goes wherever the config says) or a
 * Repo (a Stack deploying from it uses its credential). A new
 * or changed reference to one needs Execute on it; other references, and unchanged ones, Read.
 */
const USE_NEEDS_EXECUTE: ReadonlySet<ResourceTypeKey> = new Set(["server", "builder", "credential", "repo"]);

/** Field errors for references the actor may not make; `previous` is the config before this change. */
export async function checkReferences(
  tx: Tx,
  actor: Actor,
  type: ResourceTypeKey,
  config: Record<string, unknown>,
  previous: Record<string, unknown> = {},
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  for (const ref of resourceType(type).references ?? []) {
    const before = new Set(idsOf(previous[ref.field], ref).map(([, id]) => id));
    for (const [i, id] of idsOf(config[ref.field], ref)) {
      const path = ref.many ? `config.${ref.field}.${i}${ref.key ? `.${ref.key}` : ""}` : `config.${ref.field}`;
      const label = resourceType(ref.type).label.toLowerCase();
      const target = await resourceDelegate(tx, ref.type).findUnique({ where: { id }, select: { id: true, name: true } });
      const level = target ? (await accessOf(actor, ref.type, target)).level : "None";
      if (!atLeast(level, "Read")) errors[path] = [`No ${label} with id "${id}"`];
      else if (USE_NEEDS_EXECUTE.has(ref.type) && !before.has(id) && !atLeast(level, "Execute")) {
        errors[path] = [`Using ${label} ${target!.name} here needs Execute permission on it`];
      }
    }
  }
  return errors;
}

/** The ids a reference field holds, with their index in a list. */
export function idsOf(value: unknown, ref: Reference): [number, string][] {
  const items = ref.many ? ((value as unknown[] | undefined) ?? []) : [value];
  return items.flatMap((item, i) => {
    const id = ref.key ? (item as Record<string, unknown> | undefined)?.[ref.key] : item;
    return typeof id === "string" && id ? [[i, id] as [number, string]] : [];
  });
}

/** Names of resources whose config references the given one, as "Deployment web". */
export async function dependentsOf(tx: Tx, type: ResourceTypeKey, id: string): Promise<string[]> {
  const found: string[] = [];
  for (const def of RESOURCE_TYPES) {
    for (const ref of def.references ?? []) {
      if (ref.type !== type) continue;
      const where = ref.many
        ? { config: { path: [ref.field], array_contains: [ref.key ? { [ref.key]: id } : id] } }
        : { config: { path: [ref.field], equals: id } };
      const rows = await resourceDelegate(tx, def.key).findMany({ where, select: { name: true } });
      found.push(...rows.map((r) => `${def.label} ${r.name}`));
    }
  }
  return found;
}
