// Scales people ask for through Wheelhouse, remembered until the agent's watch reports them, so
// the timeline credits the person, not an autoscaler whose range the new count happens to fall
// in. Kept in PostgreSQL: the core that runs the action and the core the agent reports the change
// to may be different processes.
import { db } from "../db";

const TTL_MS = 2 * 60_000;

/** Before the scale command goes out: `by` set `komodorUid` to `replicas`. */
export async function expectScale(komodorUid: string, replicas: number, by: string): Promise<void> {
  const expiresAt = new Date(Date.now() + TTL_MS);
  await db.pendingScale.upsert({ where: { komodorUid }, create: { komodorUid, replicas, by, expiresAt }, update: { replicas, by, expiresAt } });
}

/** Who asked for this change, if it is the one Wheelhouse sent (each is credited once; one in a single statement, across cores). */
export async function takeScale(komodorUid: string, replicas: number, now = new Date()): Promise<string | null> {
  return (await takeScales([{ komodorUid, replicas }], now)).get(`${komodorUid}|${replicas}`) ?? null;
}

/**
 * `takeScale` for a batch of replica changes, in one statement: who asked for each change
 * Wheelhouse sent, keyed `komodorUid|replicas`.
 */
export async function takeScales(changes: { komodorUid: string; replicas: number }[], now = new Date()): Promise<Map<string, string>> {
  if (!changes.length) return new Map();
  const taken = await db.$queryRaw<{ komodorUid: string; replicas: number; by: string }[]>`
    DELETE FROM "PendingScale" p USING jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) AS c("komodorUid" text, replicas int)
    WHERE p."komodorUid" = c."komodorUid" AND p.replicas = c.replicas AND p."expiresAt" > ${now}
    RETURNING p."komodorUid", p.replicas, p."by"`;
  // One the watch never reported (or reported with another count) is forgotten once it expires.
  await db.pendingScale.deleteMany({ where: { expiresAt: { lte: now } } });
  return new Map(taken.map((t) => [`${t.komodorUid}|${t.replicas}`, t.by]));
}
