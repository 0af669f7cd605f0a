// Core's stored copies of a cluster's objects, read and written a set at a time: ingest handles
// a batch of watch changes with a fixed number of statements, not a few per change
// (bench/ingest.ts prints how many).
import { bulkStatement, db } from "../db";
import { sortableId } from "../ids";
import { meta, ownerOf, type K } from "./objects";

export interface ObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

const keyText = (k: ObjectKey) => `${k.kind}\u0000${k.namespace}\u0000${k.name}`;
export const objectKey = (kind: string, o: K): ObjectKey => ({ kind, namespace: meta(o).namespace ?? "", name: meta(o).name });

function unique(keys: ObjectKey[]): ObjectKey[] {
  const seen = new Map<string, ObjectKey>();
  for (const k of keys) seen.set(keyText(k), { kind: k.kind, namespace: k.namespace, name: k.name });
  return [...seen.values()];
}

/** The stored objects of these keys, in one statement. */
export async function readObjects(clusterId: string, keys: ObjectKey[]): Promise<(ObjectKey & { object: K })[]> {
  if (!keys.length) return [];
  return db.$queryRaw<(ObjectKey & { object: K })[]>`
    SELECT o.kind, o.namespace, o.name, o.object FROM "KubeObject" o
    JOIN jsonb_to_recordset(${JSON.stringify(unique(keys))}::jsonb) AS k(kind text, namespace text, name text)
      ON o.kind = k.kind AND o.namespace = k.namespace AND o.name = k.name
    WHERE o."clusterId" = ${clusterId}`;
}

export type StoredRow = ObjectKey & { object: K };
export type PendingWrite = { key: ObjectKey; object: K | null };

/**
 * Stored rows as they will be once a batch's pending writes land: replaced, removed, or (for
 * pending keys the query would have matched) added. Lets a batch read while it writes.
 */
export function withPending(rows: StoredRow[], pending: PendingWrite[], matches: (k: ObjectKey) => boolean): StoredRow[] {
  const out = new Map(rows.map((r) => [keyText(r), r]));
  for (const p of pending) {
    if (!matches(p.key)) continue;
    if (p.object) out.set(keyText(p.key), { ...p.key, object: p.object });
    else out.delete(keyText(p.key));
  }
  return [...out.values()];
}

/** Every stored object of these kinds in these namespaces, in one statement. */
export async function readInNamespaces(clusterId: string, kinds: string[], namespaces: string[]): Promise<(ObjectKey & { object: K })[]> {
  if (!kinds.length || !namespaces.length) return [];
  return db.$queryRaw<(ObjectKey & { object: K })[]>`
    SELECT kind, namespace, name, object FROM "KubeObject"
    WHERE "clusterId" = ${clusterId} AND kind = ANY(${kinds}::text[]) AND namespace = ANY(${[...new Set(namespaces)]}::text[])`;
}

/**
 * A batch's view of the stored objects: read once per round of lookups, then kept current as
 * the batch's changes apply in order, so the tenth change to a pod sees the ninth as its previous
 * version and a pod sees the ReplicaSet created earlier in the same batch.
 */
export class StoredView {
  private readonly objects = new Map<string, K | null>();
  constructor(private readonly clusterId: string) {}

  async load(keys: ObjectKey[]): Promise<void> {
    const missing = unique(keys).filter((k) => !this.objects.has(keyText(k)));
    if (!missing.length) return;
    for (const k of missing) this.objects.set(keyText(k), null);
    for (const row of await readObjects(this.clusterId, missing)) this.objects.set(keyText(row), row.object);
  }

  /**
   * Loads these objects and, round after round, whatever an owner lookup of them reads (a pod's
   * ReplicaSet, an Event's object and that object's ReplicaSet): one statement per round.
   */
  async loadWithOwners(objects: [kind: string, o: K][]): Promise<void> {
    let lookups = objects.flatMap(([kind, o]) => ownerLookups(kind, o));
    await this.load([...objects.map(([kind, o]) => objectKey(kind, o)), ...lookups]);
    for (let round = 0; round < 2 && lookups.length; round++) {
      lookups = lookups.flatMap((k) => {
        const found = this.get(k);
        return found ? ownerLookups(k.kind, found) : [];
      });
      await this.load(lookups);
    }
  }

  get(k: ObjectKey): K | undefined {
    return this.objects.get(keyText(k)) ?? undefined;
  }

  set(k: ObjectKey, object: K | null): void {
    this.objects.set(keyText(k), object);
  }
}

/** The stored objects an owner lookup of this object reads. */
function ownerLookups(kind: string, o: K): ObjectKey[] {
  const namespace = meta(o).namespace ?? "";
  if (kind === "Pod") {
    const owner = ownerOf(o);
    return owner?.kind === "ReplicaSet" ? [{ kind: "ReplicaSet", namespace, name: owner.name }] : [];
  }
  if (kind === "Event" && o.involvedObject?.kind && o.involvedObject.kind !== "Event")
    return [{ kind: o.involvedObject.kind, namespace: o.involvedObject.namespace ?? "", name: o.involvedObject.name }];
  return [];
}

/** The service (or job / node) an object belongs to, as KIND + namespace + name, from a batch's view. */
export function owningService(view: StoredView, kind: string, o: K): ObjectKey | null {
  const ns = meta(o).namespace ?? "";
  if (kind === "Deployment" || kind === "StatefulSet" || kind === "DaemonSet" || kind === "Job" || kind === "CronJob")
    return { kind, namespace: ns, name: meta(o).name };
  if (kind === "Node") return { kind: "Node", namespace: "", name: meta(o).name };
  if (kind === "Pod") {
    const owner = ownerOf(o);
    if (!owner) return null;
    if (owner.kind === "ReplicaSet") {
      const rs = view.get({ kind: "ReplicaSet", namespace: ns, name: owner.name });
      const dep = rs && ownerOf(rs, "Deployment");
      return dep ? { kind: "Deployment", namespace: ns, name: dep.name } : null;
    }
    return owner.kind === "StatefulSet" || owner.kind === "DaemonSet" || owner.kind === "Job" ? { kind: owner.kind, namespace: ns, name: owner.name } : null;
  }
  if (kind === "Event") {
    const obj = o.involvedObject ?? {};
    if (!obj.kind || obj.kind === "Event") return null;
    const target = view.get({ kind: obj.kind, namespace: obj.namespace ?? "", name: obj.name });
    return target ? owningService(view, obj.kind, target) : null;
  }
  return null;
}

/** Objects per statement: a few MB of JSON at most. */
const SLICE = 1000;

/**
 * Makes the stored copies of these keys what they are in the batch: removed (null) or
 * inserted/replaced, a statement per slice of each.
 */
export async function writeObjects(clusterId: string, finals: PendingWrite[]): Promise<void> {
  const removed = finals.filter((f) => !f.object).map((f) => f.key);
  const kept = finals.flatMap((f) => (f.object ? [{ id: sortableId(), ...f.key, uid: String(meta(f.object).uid ?? ""), object: f.object }] : []));
  for (let i = 0; i < removed.length; i += SLICE)
    await bulkStatement(
      `DELETE FROM "KubeObject" o USING jsonb_to_recordset($2::jsonb) AS k(kind text, namespace text, name text)
       WHERE o."clusterId" = $1 AND o.kind = k.kind AND o.namespace = k.namespace AND o.name = k.name`,
      [clusterId, JSON.stringify(removed.slice(i, i + SLICE))],
    );
  for (let i = 0; i < kept.length; i += SLICE)
    await bulkStatement(
      `INSERT INTO "KubeObject" (id, "clusterId", kind, namespace, name, uid, object, "updatedAt")
       SELECT r.id, $1, r.kind, r.namespace, r.name, r.uid, r.object, now()
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, kind text, namespace text, name text, uid text, object jsonb)
       ON CONFLICT ("clusterId", kind, namespace, name) DO UPDATE SET uid = EXCLUDED.uid, object = EXCLUDED.object, "updatedAt" = now()`,
      [clusterId, JSON.stringify(kept.slice(i, i + SLICE))],
    );
}
