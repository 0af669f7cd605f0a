// The top bar's search: resources of every type whose name matches, that the actor can read.
import "./server-only";
import type { Actor } from "./authz/actor";
import { listResources } from "./resources/read";
import type { ResourceTypeKey } from "./resources/define";
import { RESOURCE_TYPES } from "./resources/registry";

export interface SearchHit {
  type: ResourceTypeKey;
  plural: string;
  label: string;
  id: string;
  name: string;
}

export async function searchResources(actor: Actor, q: string, perType = 5): Promise<SearchHit[]> {
  const query = q.trim();
  if (!query) return [];
  const hits: SearchHit[] = [];
  for (const def of RESOURCE_TYPES) {
    const found = await listResources(actor, def.key, { q: query });
    hits.push(...found.slice(0, perType).map((r) => ({ type: def.key, plural: def.plural, label: def.label, id: r.id, name: r.name })));
  }
  return hits;
}
