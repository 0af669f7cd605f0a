// Host statistics as numbers to judge and to chart. Pure (no database), so the server page's
// chart computes exactly what the alert thresholds see.
import type { StatsSample } from "../protocol/agent";

export type Metric = "cpu" | "memory" | "disk";

/** The ranges the stats history can be read over (the route's `range`), in seconds. */
export const STATS_RANGES = { "15m": 15 * 60, "1h": 3600, "6h": 6 * 3600, "24h": 86400, "7d": 7 * 86400 } as const;
export type StatsRange = keyof typeof STATS_RANGES;

/** CPU, memory and fullest-disk use of one sample, in percent. */
export function metricValues(sample: StatsSample): Record<Metric, number> {
  const disk = Math.max(0, ...sample.disks.map((d) => (d.totalBytes ? (100 * d.usedBytes) / d.totalBytes : 0)));
  return {
    cpu: sample.cpuPercent,
    memory: sample.memTotalBytes ? (100 * sample.memUsedBytes) / sample.memTotalBytes : 0,
    disk,
  };
}

export interface StatsSeries {
  /** Unix seconds, ascending. */
  times: number[];
  /** Percent per metric, `null` where the line breaks. */
  values: Record<Metric, (number | null)[]>;
}

/**
 * The series to chart for samples over a range of `rangeSeconds`. The history is downsampled to
 * about 400 buckets; a hole longer than a few buckets (and 30 s, the agent sends every 5 s) means
 * the agent was away, and the lines break there instead of joining across it.
 */
export function statsSeries(samples: StatsSample[], rangeSeconds: number): StatsSeries {
  const gap = Math.max(30, (3 * rangeSeconds) / 400);
  const sorted = samples
    .map((s) => ({ t: Date.parse(s.at) / 1000, v: metricValues(s) }))
    .filter((s) => Number.isFinite(s.t))
    .sort((a, b) => a.t - b.t);
  const series: StatsSeries = { times: [], values: { cpu: [], memory: [], disk: [] } };
  sorted.forEach((s, i) => {
    const previous = sorted[i - 1];
    if (previous && s.t - previous.t > gap) {
      series.times.push((previous.t + s.t) / 2);
      for (const m of ["cpu", "memory", "disk"] as const) series.values[m].push(null);
    }
    series.times.push(s.t);
    for (const m of ["cpu", "memory", "disk"] as const) series.values[m].push(Math.max(0, Math.min(100, s.v[m])));
  });
  return series;
}
