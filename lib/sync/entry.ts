// One resource as a sync TOML entry (a table's fields, before stringify): the fields that differ
// from their defaults, references and tags by name, secret fields never written, a procedure's
// stages in Komodo's form. Shared by the export and by managed Syncs' write-back.
import type { z } from "zod";
import type { ResourceTypeKey } from "../resources/define";
import { resourceType } from "../resources/registry";
import { secretFieldsOf } from "../resources/secret-fields";
import { stagesToKomodo } from "./komodo";
import { renameKeys, toSnake } from "./keys";
import { idsToNames } from "./refs";
import type { Existing } from "./world";

type Config = Record<string, unknown>;

export function entryOf(r: Existing, index: Parameters<typeof idsToNames>[2]): Config {
  const head: Config = { name: r.name, ...(r.description ? { description: r.description } : {}), ...(r.tags.length ? { tags: r.tags } : {}) };
  const config = changedFromDefaults(r.type, idsToNames(r.type, r.config, index));
  if (r.type === "variable") {
    // Komodo's [[variable]]: value and is_secret beside the name. A secret's value is never written.
    return { ...head, ...(config.secret ? { is_secret: true } : { value: String(r.config.value ?? "") }) };
  }
  if (r.type === "procedure" && Array.isArray(config.stages)) {
    config.stage = stagesToKomodo(config.stages as Parameters<typeof stagesToKomodo>[0]);
    delete config.stages;
  }
  return Object.keys(config).length ? { ...head, config: renameKeys(config, toSnake) } : head;
}

/** The fields whose value is not their default, without secret fields. */
function changedFromDefaults(type: ResourceTypeKey, config: Config): Config {
  const def = resourceType(type);
  const secrets = secretFieldsOf(def, config);
  const shape = (def.config as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const out: Config = {};
  for (const [field, value] of Object.entries(config)) {
    if (secrets.has(field) || value === undefined) continue;
    const fallback = shape[field]?.safeParse(undefined);
    if (fallback?.success && JSON.stringify(fallback.data) === JSON.stringify(value)) continue;
    out[field] = value;
  }
  return out;
}
