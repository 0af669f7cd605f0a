// Applying a plan's config changes: every create, update and delete in ONE transaction, with the
// same validation and audit as the API (createIn/updateIn/deleteIn), so a sync applies all of
// it or none of it, and a failure names the item and why. Types are created in dependency order
// (a Server before the Deployment placed on it) and deleted in the reverse one.
import "../server-only";
import type { Actor } from "../authz/actor";
import { db, type Tx } from "../db";
import { AppError, isAppError } from "../errors";
import type { ResourceTypeKey } from "../resources/define";
import { resourceType } from "../resources/registry";
import { createIn, deleteIn, updateIn } from "../resources/write";
import type { PlannedItem } from "./plan";
import { namesToIds, type NameIndex } from "./refs";
import { SYNCED_BY } from "./world";

/** What is referenced comes first. */
export const APPLY_ORDER: ResourceTypeKey[] = [
  "server",
  "cluster",
  "credential",
  "variable",
  "builder",
  "repo",
  "build",
  "alerter",
  "stack",
  "deployment",
  "procedure",
  "sync",
];

const rank = (type: ResourceTypeKey) => APPLY_ORDER.indexOf(type);

/** Applies the items' config changes; returns the id of every item (new ones included), by key. */
export async function applyConfig(actor: Actor, syncId: string, items: PlannedItem[], index: NameIndex): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const it of items) if (it.existing) ids.set(it.key, it.existing.id);
  const upserts = items.filter((i) => i.action === "create" || i.action === "update").sort((a, b) => rank(a.type) - rank(b.type));
  const deletes = items.filter((i) => i.action === "delete").sort((a, b) => rank(b.type) - rank(a.type));
  await db.$transaction(
    async (tx) => {
      await createMissingTags(tx, upserts);
      for (const it of upserts) {
        const id = await named(it, () => upsert(tx, actor, it, index));
        index.add(it.type, id, it.name);
        ids.set(it.key, id);
        await markSynced(tx, it.type, id, syncId);
      }
      for (const it of deletes) await named(it, () => deleteIn(tx, actor, it.type, it.existing!.id));
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return ids;
}

async function upsert(tx: Tx, actor: Actor, it: PlannedItem, index: NameIndex): Promise<string> {
  const desired = it.desired!;
  const { config, unknown } = namesToIds(it.type, desired.config, index);
  if (unknown.length) throw new AppError("INVALID_INPUT", unknown.map((u) => u.message).join("; "));
  const input = { description: desired.description, tags: desired.tags, config: { ...config, ...desired.secrets } };
  if (it.action === "create") return (await createIn(tx, actor, it.type, { name: it.name, ...input })).id;
  await updateIn(tx, actor, it.type, it.existing!.id, input);
  return it.existing!.id;
}

async function createMissingTags(tx: Tx, items: PlannedItem[]) {
  const wanted = new Set(items.flatMap((i) => i.desired?.tags ?? []));
  if (!wanted.size) return;
  const have = new Set((await tx.tag.findMany({ where: { name: { in: [...wanted] } }, select: { name: true } })).map((t) => t.name));
  for (const name of wanted) if (!have.has(name)) await tx.tag.create({ data: { name } });
}

/** The sync that last wrote a resource is the one that manages it (and may delete it). */
async function markSynced(tx: Tx, type: ResourceTypeKey, id: string, syncId: string) {
  const { table } = resourceType(type);
  await tx.$executeRawUnsafe(
    `UPDATE "${table}" SET info = COALESCE(info, '{}'::jsonb) || jsonb_build_object($1::text, $2::text) WHERE id = $3`,
    SYNCED_BY,
    syncId,
    id,
  );
}

/** Runs one item's write, naming the item in what it throws (the whole transaction rolls back). */
async function named<T>(it: PlannedItem, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!isAppError(e)) throw e;
    const fields = Object.entries(e.fields ?? {}).map(([k, v]) => `${k}: ${v.join(", ")}`);
    throw new AppError(e.code, `${it.action} ${it.type} ${it.name}: ${fields.length ? fields.join("; ") : e.message}`);
  }
}
