// What a plan is computed against: every existing resource of the types a sync can touch, with
// its config, tags (by name), secrets (to compare declared secret values) and who manages it.
import "../server-only";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import type { ResourceTypeKey } from "../resources/define";
import { readableIds } from "../resources/read";
import { RESOURCE_TYPES } from "../resources/registry";
import type { Ciphertexts } from "../resources/secret-fields";
import { hasSecretsColumn, resourceDelegate } from "../resources/store";
import { NameIndex } from "./refs";

export interface Existing {
  type: ResourceTypeKey;
  id: string;
  name: string;
  description: string;
  tags: string[];
  config: Record<string, unknown>;
  info: Record<string, unknown>;
  secrets: Ciphertexts;
  template: boolean;
}

export interface World {
  resources: Map<string, Existing>; // by `type:name`
  index: NameIndex;
  tagNames: Map<string, string>; // id → name
}

/** Resources a sync created or last synced carry its id here (`info.syncedBy`): only those may it delete. */
export const SYNCED_BY = "syncedBy";

/**
 * Everything the actor may read: a plan shows current values, so a resource they can't read is,
 * to their plan, a resource that doesn't exist (as the API would have it).
 */
export async function loadWorld(actor: Actor): Promise<World> {
  const index = new NameIndex();
  const resources = new Map<string, Existing>();
  const tags = await db.tag.findMany({ select: { id: true, name: true } });
  const tagNames = new Map(tags.map((t) => [t.id, t.name]));
  for (const def of RESOURCE_TYPES) {
    const rows = await resourceDelegate(db, def.key).findMany({
      select: {
        id: true,
        name: true,
        description: true,
        tags: true,
        config: true,
        info: true,
        template: true,
        ...(hasSecretsColumn(def.key) ? { secrets: true } : {}),
      },
    });
    const readable = new Set(await readableIds(actor, def.key));
    for (const r of rows) {
      if (!readable.has(r.id)) {
        index.addHidden(def.key, r.id);
        continue;
      }
      index.add(def.key, r.id, r.name);
      resources.set(`${def.key}:${r.name}`, {
        type: def.key,
        id: r.id,
        name: r.name,
        description: r.description,
        tags: r.tags.map((t) => tagNames.get(t) ?? t),
        config: r.config as Record<string, unknown>,
        info: (r.info ?? {}) as Record<string, unknown>,
        secrets: (r.secrets ?? {}) as Ciphertexts,
        template: r.template,
      });
    }
  }
  return { resources, index, tagNames };
}
