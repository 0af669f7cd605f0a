// The current state as sync TOML that round-trips: exporting, then syncing from the export,
// plans nothing. Each resource is written with the fields that differ from their defaults
// (omitted fields are kept on sync), references by name, tags by name; secret fields are never
// written, and `[[VARIABLE]]` references stay as written. Only what the actor may read is exported.
import "../server-only";
import { stringify } from "smol-toml";
import { z } from "zod";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import type { ResourceTypeKey } from "../resources/define";
import { parseInput } from "../validation";
import { APPLY_ORDER } from "./apply";
import { entryOf } from "./entry";
import { TABLE_OF } from "./read";
import { loadWorld } from "./world";

type Config = Record<string, unknown>;

export const ZExportQuery = z
  .object({
    /** Comma-separated resource types (default: all). */
    types: z
      .string()
      .max(300)
      .optional()
      .transform((v) => (v ? v.split(",").map((t) => t.trim()) : undefined))
      .pipe(z.array(z.enum(APPLY_ORDER as [ResourceTypeKey, ...ResourceTypeKey[]])).optional()),
    /** Only resources with this tag. */
    tag: z.string().max(64).optional(),
    /** Comma-separated names. */
    names: z
      .string()
      .max(10_000)
      .optional()
      .transform((v) => (v ? v.split(",").map((n) => n.trim()) : undefined)),
  })
  .strict();

export async function exportToml(actor: Actor, query: unknown): Promise<string> {
  const q = parseInput(ZExportQuery, query);
  await authorize(actor, "list", { kind: "collection", type: "resources" });
  const world = await loadWorld(actor);
  const doc: Record<string, Config[]> = {};
  const resources = [...world.resources.values()].filter(
    (r) => !r.template && (!q.types || q.types.includes(r.type)) && (!q.tag || r.tags.includes(q.tag)) && (!q.names || q.names.includes(r.name)),
  );
  for (const type of APPLY_ORDER) {
    const entries = resources
      .filter((r) => r.type === type)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => entryOf(r, world.index));
    if (entries.length) doc[TABLE_OF[type]] = entries;
  }
  return stringify(doc);
}
