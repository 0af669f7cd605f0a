// A Server's host statistics: every sample stored (pruned to the server's retention, by a
// background job, lib/jobs.ts), judged against its alert thresholds, and read back downsampled
// for charts.
import { z } from "zod";
import { judgeThresholds } from "../alerts/server-thresholds";
import { db } from "../db";
import { logger } from "../logger";
import type { Prisma } from "../generated/prisma/client";
import type { StatsSample } from "../protocol/agent";
import { mergeInfo } from "../resources/info";
import type { ServerInfo } from "../resources/server/info";
import { serverConfig } from "../resources/server/schema";
import { STATS_RANGES, type StatsRange } from "./stats-series";

const STATS_SERVER = { id: true, name: true, config: true, info: true } as const;
type StatsServer = { id: string; name: string; config: unknown; info: unknown };

/** One server's sample, written through (its row is stored when this resolves). */
export async function recordStats(serverId: string, sample: StatsSample) {
  const server = await db.server.findUnique({ where: { id: serverId }, select: STATS_SERVER });
  if (server) await record(server, sample);
  await flushStats();
}

/** An agent's sample, for each Server it reports for: one read for all of them (a fleet sends hundreds a second). */
export async function recordAgentStats(agentId: string, sample: StatsSample) {
  for (const server of await db.server.findMany({ where: { agentId }, select: STATS_SERVER })) await record(server, sample);
}

async function record(server: StatsServer, sample: StatsSample) {
  const config = serverConfig.parse(server.config);
  if (!config.statsMonitoring) return;
  queueStat({ serverId: server.id, at: new Date(sample.at), sample: sample as Prisma.InputJsonValue });
  const overCount = await judgeThresholds(server, config, sample, ((server.info ?? {}) as ServerInfo).overCount ?? {});
  await mergeInfo("server", server.id, { overCount, lastStats: sample });
}

// Sample rows are written in batches: a fleet of 1,000 agents sends 200 samples a second, and one
// INSERT of a quarter second's rows costs what one row did. Shared by every copy of this module
// in the process (server.ts's and Next's); at most BATCH_MS of samples is lost if core dies.
const BATCH_MS = 250;
type StatRow = Prisma.ServerStatCreateManyInput;
const globalStats = globalThis as unknown as { wheelhouseStatRows?: { rows: StatRow[]; timer?: NodeJS.Timeout; writing: Promise<void> } };
const batch = (globalStats.wheelhouseStatRows ??= { rows: [], writing: Promise.resolve() });

function queueStat(row: StatRow) {
  batch.rows.push(row);
  batch.timer ??= setTimeout(() => void flushStats(), BATCH_MS);
}

/** Writes the samples waiting in the batch (one at a time, so rows land in order). */
export function flushStats(): Promise<void> {
  batch.writing = batch.writing.then(async () => {
    clearTimeout(batch.timer);
    batch.timer = undefined;
    const rows = batch.rows.splice(0);
    if (!rows.length) return;
    await db.serverStat.createMany({ data: rows }).catch((e) => logger.error(`could not store ${rows.length} stats samples`, e));
  });
  return batch.writing;
}

/** Drops samples older than each server's retention. Cheap enough to run every few minutes. */
export async function pruneStats() {
  const servers = await db.server.findMany({ select: { id: true, config: true } });
  for (const s of servers) {
    const days = serverConfig.parse(s.config).statsRetentionDays;
    await db.serverStat.deleteMany({ where: { serverId: s.id, at: { lt: new Date(Date.now() - days * 86400_000) } } });
  }
}

/**
 * At most about `points` samples since `since`, downsampled in the database (a week at 5 s is
 * 120,000 rows, never loaded whole): the last sample of each time bucket, with the bucket's
 * average CPU so a short spike still shows.
 */
export async function statsHistory(serverId: string, since: Date, points = 400): Promise<StatsSample[]> {
  const bucketSeconds = Math.max(1, (Date.now() - since.getTime()) / 1000 / points);
  const rows = await db.$queryRaw<{ sample: StatsSample; cpu: number }[]>`
    SELECT DISTINCT ON (bucket) sample, cpu FROM (
      SELECT sample, at, floor(extract(epoch FROM at) / ${bucketSeconds}) AS bucket,
             avg((sample->>'cpuPercent')::float8) OVER (PARTITION BY floor(extract(epoch FROM at) / ${bucketSeconds})) AS cpu
      FROM "ServerStat" WHERE "serverId" = ${serverId} AND at >= ${since}
    ) buckets
    ORDER BY bucket, at DESC`;
  return rows.map((r) => ({ ...r.sample, cpuPercent: r.cpu }));
}

export const ZStatsQuery = z.object({ range: z.enum(Object.keys(STATS_RANGES) as [StatsRange]).default("1h") });

/** The stats route's read: at most ~400 points per chart, whatever the range holds. */
export async function stats(serverId: string, range: StatsRange) {
  return statsHistory(serverId, new Date(Date.now() - STATS_RANGES[range] * 1000));
}
