// Reading resources: every result is filtered to what the actor may read.
import "../server-only";
import { accessOf, authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { atLeast } from "../authz/permissions";
import type { Access } from "../authz/evaluate";
import { readableWhere } from "../authz/scope";
import { db } from "../db";
import type { ResourceTypeKey } from "./define";
import type { TListResourcesQuery } from "./inputs";
import { resourceType } from "./registry";
import { maskConfig, type Ciphertexts } from "./secret-fields";
import { hasSecretsColumn, resourceDelegate, type ResourceRow } from "./store";
import type { ResourceView } from "./view";

const select = (type: ResourceTypeKey) => (hasSecretsColumn(type) ? { omit: { secrets: false } } : {});

export function toView(type: ResourceTypeKey, row: ResourceRow, access: Access): ResourceView {
  const def = resourceType(type);
  const config = maskConfig(def, row.config as Record<string, unknown>, (row.secrets ?? {}) as Ciphertexts);
  return {
    id: row.id,
    type,
    name: row.name,
    description: row.description,
    tags: row.tags,
    template: row.template,
    config,
    // Computed here so the list page needn't load the type's config schema (and zod) to show it.
    summary: def.summary(config),
    info: (row.info ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    access: { level: access.level, specific: [...access.specific] },
  };
}

/** The actor's readable rows of the type as a `where` (lib/authz/scope.ts); null when none. */
function scope(actor: Actor, type: ResourceTypeKey) {
  return readableWhere(actor, type, () => resourceDelegate(db, type).findMany({ select: { id: true, name: true } }));
}

export async function listResources(actor: Actor, type: ResourceTypeKey, query: TListResourcesQuery = {}): Promise<ResourceView[]> {
  await authorize(actor, "list", { kind: "collection", type });
  const readable = await scope(actor, type);
  if (!readable) return [];
  const q = query.q?.trim();
  const rows = await resourceDelegate(db, type).findMany({
    ...select(type),
    where: {
      AND: [
        readable,
        q ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { description: { contains: q, mode: "insensitive" } }] } : {},
        query.tag?.length ? { tags: { hasEvery: query.tag } } : {},
        query.template !== undefined ? { template: query.template } : {},
      ],
    },
    orderBy: { name: "asc" },
  });
  const views: ResourceView[] = [];
  for (const row of rows) {
    const access = await accessOf(actor, type, row);
    if (atLeast(access.level, "Read")) views.push(toView(type, row, access));
  }
  return views;
}

export async function getResource(actor: Actor, type: ResourceTypeKey, id: string): Promise<ResourceView> {
  const { access } = await authorize(actor, "read", { kind: "resource", type, id });
  const row = await resourceDelegate(db, type).findUnique({ ...select(type), where: { id } });
  if (!row) throw new Error("resource vanished between authorization and read");
  return toView(type, row, access);
}

/** Ids of every resource of the type the actor can read (for filtering Updates and alerts). */
export async function readableIds(actor: Actor, type: ResourceTypeKey): Promise<string[]> {
  const readable = await scope(actor, type);
  if (!readable) return [];
  const rows = await resourceDelegate(db, type).findMany({ where: readable, select: { id: true, name: true } });
  const ids: string[] = [];
  for (const row of rows) if (atLeast((await accessOf(actor, type, row)).level, "Read")) ids.push(row.id);
  return ids;
}
