// Host statistics: every sample is stored (pruned to the server's retention), and the
// warning/critical thresholds open an alert after two samples over and resolve it when back.
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import type { StatsSample } from "../protocol/agent";
import { serverConfig } from "../resources/server/schema";
import { closeAlert, openAlert } from "../alerts/alerts";
import { mergeInfo } from "../resources/info";
import { type Metric, metricValues } from "./stats-series";

// Kept importable from here: the thresholds and their tests use it with levelOf.
export { metricValues };

/** The level a value is at given thresholds. */
export function levelOf(value: number, warning: number, critical: number): "ok" | "warning" | "critical" {
  return value >= critical ? "critical" : value >= warning ? "warning" : "ok";
}

const ALERT_TYPE: Record<Metric, string> = { cpu: "ServerCpu", memory: "ServerMemory", disk: "ServerDisk" };

export async function recordStats(serverId: string, sample: StatsSample) {
  const server = await db.server.findUnique({ where: { id: serverId }, select: { name: true, config: true, info: true } });
  if (!server) return;
  const config = serverConfig.parse(server.config);
  if (!config.statsMonitoring) return;
  await db.serverStat.create({ data: { serverId, at: new Date(sample.at), sample: sample as Prisma.InputJsonValue } });

  // Consecutive samples over a threshold are counted in the server's info, not in memory,
  // so the count survives a core restart and works with several cores.
  const info = (server.info ?? {}) as { overCount?: Partial<Record<Metric, number>> };
  const overCount = { ...info.overCount };
  const values = metricValues(sample);
  for (const metric of ["cpu", "memory", "disk"] as const) {
    const level = levelOf(values[metric], config[`${metric}Warning`], config[`${metric}Critical`]);
    if (level === "ok") {
      overCount[metric] = 0;
      await closeAlert(ALERT_TYPE[metric], "server", serverId);
      continue;
    }
    overCount[metric] = (overCount[metric] ?? 0) + 1;
    if (overCount[metric]! >= 2) {
      await openAlert({
        type: ALERT_TYPE[metric],
        severity: level,
        targetType: "server",
        targetId: serverId,
        targetName: server.name,
        message: `${metric} at ${values[metric].toFixed(0)}% on ${server.name} (${level} threshold ${config[`${metric}${level === "critical" ? "Critical" : "Warning"}`]}%)`,
        data: { value: values[metric] },
      });
    }
  }
  await mergeInfo("server", serverId, { overCount, lastStats: sample });
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
