import { notFound } from "../errors";
import { resourceTypeByPlural, type ResourceTypeKey } from "../resources/registry";

/** The resource type named by a URL segment ("servers"); unknown segments are 404s. */
export function typeParam(params: { type: string }): ResourceTypeKey {
  const def = resourceTypeByPlural(params.type);
  if (!def) throw notFound("Resource type");
  return def.key;
}

/**
 * URLSearchParams → object, with repeated keys in `arrays` collected into arrays. Array keys
 * may also arrive as `key[]=` (how some clients, Komodor's among them, spell them).
 */
export function queryObject(from: { searchParams: URLSearchParams } | URLSearchParams, arrays: readonly string[] = []): Record<string, string | string[]> {
  // Next's NextURL isn't a URL instance, so look for searchParams rather than the class.
  const params = "searchParams" in from ? from.searchParams : from;
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of params) {
    const key = rawKey.endsWith("[]") && arrays.includes(rawKey.slice(0, -2)) ? rawKey.slice(0, -2) : rawKey;
    if (arrays.includes(key)) out[key] = [...((out[key] as string[] | undefined) ?? []), value];
    else out[key] ??= value;
  }
  return out;
}
