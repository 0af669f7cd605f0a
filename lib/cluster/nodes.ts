// Core processes sharing one database. Each has an id for its life (CORE_ID) and refreshes its
// CoreNode row every few seconds; a row older than CORE_STALE_SECONDS belongs to a process that
// is gone (killed, crashed, partitioned), and what it was following is taken over by the others:
// commands by whichever core hears from their agent, Updates by the recovery sweep.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { logger } from "../logger";

const globalNode = globalThis as unknown as { wheelhouseCoreId?: string; wheelhouseLiveCores?: { ids: Set<string>; at: number } };

/** This process's id: new at every start, so a restarted core is a different node. */
export const CORE_ID: string = (globalNode.wheelhouseCoreId ??= randomUUID());

export const HEARTBEAT_MS = 3_000;
/** Three missed heartbeats and a margin: long enough for a busy event loop, short enough to recover quickly. */
export const CORE_STALE_SECONDS = 12;
/** SQL: a CoreNode row was refreshed recently, by the database's clock. */
export const ALIVE = Prisma.sql`"lastSeenAt" > now() - make_interval(secs => ${CORE_STALE_SECONDS})`;
/** SQL: no live CoreNode has the id in `column` (a core that is gone, or none). */
export const coreGone = (column: Prisma.Sql) => Prisma.sql`NOT EXISTS (SELECT 1 FROM "CoreNode" WHERE "CoreNode".id = ${column} AND ${ALIVE})`;

/** Writes this process's row now; then every HEARTBEAT_MS until the returned stop is called. */
export async function joinCluster(): Promise<() => Promise<void>> {
  // The database's clock, not this machine's: cores on several hosts are compared with one clock.
  const beat = () => db.$executeRaw`
    INSERT INTO "CoreNode" (id, hostname, pid, "startedAt", "lastSeenAt") VALUES (${CORE_ID}, ${os.hostname()}, ${process.pid}, now(), now())
    ON CONFLICT (id) DO UPDATE SET "lastSeenAt" = now()`;
  await beat();
  const timer = setInterval(() => void beat().catch((e) => logger.warn("could not refresh this core's heartbeat; retrying", e)), HEARTBEAT_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    // A clean stop says so at once, so nobody waits CORE_STALE_SECONDS to take over.
    await db.coreNode.deleteMany({ where: { id: CORE_ID } }).catch(() => {});
  };
}

/**
 * Ids of the cores seen recently (this one always included), cached for a heartbeat. Anything that
 * acts on a core being gone asks `fresh`: a core that started after the cached read is missing
 * from it, not dead.
 */
export async function liveCores(fresh = false): Promise<Set<string>> {
  const cached = globalNode.wheelhouseLiveCores;
  if (!fresh && cached && Date.now() - cached.at < HEARTBEAT_MS) return cached.ids;
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "CoreNode" WHERE ${ALIVE}`;
  const ids = new Set([CORE_ID, ...rows.map((r) => r.id)]);
  globalNode.wheelhouseLiveCores = { ids, at: Date.now() };
  return ids;
}

/** Whether that core is running; one missing from the cached set is looked up afresh before it is called gone. */
export async function isCoreAlive(coreId: string | null | undefined): Promise<boolean> {
  if (!coreId) return false;
  return (await liveCores()).has(coreId) || (await liveCores(true)).has(coreId);
}

/** Forgets rows of cores long gone (a day), so the table stays the size of the deployment. */
export async function pruneCoreNodes(now = new Date()): Promise<number> {
  const { count } = await db.coreNode.deleteMany({ where: { lastSeenAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  return count;
}
