// Core processes sharing one database. Each has an id for its life (CORE_ID) and refreshes its
// CoreNode row every few seconds; a row older than CORE_STALE_SECONDS belongs to a process that
// is gone (killed, crashed, partitioned), and what it was following is taken over by the others:
// commands by whichever core hears from their agent, Updates by the recovery sweep.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { db } from "../db";
import { logger } from "../logger";

const globalNode = globalThis as unknown as { wheelhouseCoreId?: string; wheelhouseLiveCores?: { ids: Set<string>; at: number } };

/** This process's id: new at every start, so a restarted core is a different node. */
export const CORE_ID: string = (globalNode.wheelhouseCoreId ??= randomUUID());

export const HEARTBEAT_MS = 3_000;
/** Three missed heartbeats and a margin: long enough for a busy event loop, short enough to recover quickly. */
export const CORE_STALE_SECONDS = 12;

/** Writes this process's row now; then every HEARTBEAT_MS until the returned stop is called. */
export async function joinCluster(): Promise<() => Promise<void>> {
  const beat = () =>
    db.coreNode.upsert({
      where: { id: CORE_ID },
      create: { id: CORE_ID, hostname: os.hostname(), pid: process.pid },
      update: { lastSeenAt: new Date() },
    });
  await beat();
  const timer = setInterval(() => void beat().catch((e) => logger.warn("could not refresh this core's heartbeat; retrying", e)), HEARTBEAT_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    // A clean stop says so at once, so nobody waits CORE_STALE_SECONDS to take over.
    await db.coreNode.deleteMany({ where: { id: CORE_ID } }).catch(() => {});
  };
}

/** Ids of the cores seen recently (this one always included); cached for a heartbeat. */
export async function liveCores(): Promise<Set<string>> {
  const cached = globalNode.wheelhouseLiveCores;
  if (cached && Date.now() - cached.at < HEARTBEAT_MS) return cached.ids;
  const rows = await db.coreNode.findMany({ where: { lastSeenAt: { gt: new Date(Date.now() - CORE_STALE_SECONDS * 1000) } }, select: { id: true } });
  const ids = new Set([CORE_ID, ...rows.map((r) => r.id)]);
  globalNode.wheelhouseLiveCores = { ids, at: Date.now() };
  return ids;
}

export async function isCoreAlive(coreId: string | null | undefined): Promise<boolean> {
  return Boolean(coreId) && (await liveCores()).has(coreId!);
}

/** Forgets rows of cores long gone (a day), so the table stays the size of the deployment. */
export async function pruneCoreNodes(now = new Date()): Promise<number> {
  const { count } = await db.coreNode.deleteMany({ where: { lastSeenAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  return count;
}
