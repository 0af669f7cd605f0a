import { describe, expect, it } from "vitest";
import type { StatsSample } from "../protocol/agent";
import { statsSeries } from "./stats-series";

const sample = (at: string, cpu: number, memUsed = 50, diskUsed = 10): StatsSample => ({
  at,
  cpuPercent: cpu,
  load: [0, 0, 0],
  memTotalBytes: 100,
  memUsedBytes: memUsed,
  disks: [
    { mount: "/", totalBytes: 100, usedBytes: diskUsed },
    { mount: "/data", totalBytes: 200, usedBytes: 2 * diskUsed + 20 },
  ],
  netRxBytes: 0,
  netTxBytes: 0,
});

describe("statsSeries", () => {
  it("gives seconds and percentages in time order, the fullest disk for disk", () => {
    const s = statsSeries([sample("2026-01-01T00:00:05Z", 20, 75, 40), sample("2026-01-01T00:00:00Z", 10)], 3600);
    expect(s.times).toEqual([Date.parse("2026-01-01T00:00:00Z") / 1000, Date.parse("2026-01-01T00:00:05Z") / 1000]);
    expect(s.values.cpu).toEqual([10, 20]);
    expect(s.values.memory).toEqual([50, 75]);
    expect(s.values.disk).toEqual([20, 50]);
  });

  it("breaks the lines where the agent was away, not where buckets are merely wide", () => {
    const week = 7 * 86400;
    const bucket = week / 400; // about 25 minutes
    const t0 = Date.parse("2026-01-01T00:00:00Z");
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    const s = statsSeries([sample(at(0), 1), sample(at(bucket), 2), sample(at(bucket + 4 * bucket), 3)], week);
    expect(s.values.cpu).toEqual([1, 2, null, 3]);
    expect(s.times).toHaveLength(4);
    expect(statsSeries([sample(at(0), 1), sample(at(5), 2), sample(at(60), 3)], 3600).values.cpu).toEqual([1, 2, null, 3]);
  });

  it("keeps values within 0–100 % and treats a host with no memory total as 0 %", () => {
    const s = statsSeries([{ ...sample("2026-01-01T00:00:00Z", 130), memTotalBytes: 0, disks: [] }], 3600);
    expect(s.values).toEqual({ cpu: [100], memory: [0], disk: [0] });
  });

  it("is empty for no samples", () => {
    expect(statsSeries([], 3600)).toEqual({ times: [], values: { cpu: [], memory: [], disk: [] } });
  });
});
