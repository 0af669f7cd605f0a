import { notFound } from "../errors";
import { resourceTypeByPlural, type ResourceTypeKey } from "../resources/registry";

/** The resource type named by a URL segment ("servers"); unknown segments are 404s. */
export function typeParam(params: { type: string }): ResourceTypeKey {
  const def = resourceTypeByPlural(params.type);
  if (!def) throw notFound("Resource type");
  return def.key;
}

/** URLSearchParams → object, with repeated keys in `arrays` collected into arrays. */
export function queryObject(url: URL, arrays: string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    out[key] = arrays.includes(key) ? url.searchParams.getAll(key) : url.searchParams.get(key)!;
  }
  return out;
}
