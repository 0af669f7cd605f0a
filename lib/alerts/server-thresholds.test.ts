import { describe, expect, it } from "vitest";
import type { StatsSample } from "../protocol/agent";
import { metricValues } from "../servers/stats-series";
import { levelOf } from "./server-thresholds";

const sample = (over: Partial<StatsSample> = {}): StatsSample => ({
  at: new Date().toISOString(),
  cpuPercent: 50,
  load: [1, 1, 1],
  memTotalBytes: 1000,
  memUsedBytes: 800,
  disks: [
    { mount: "/", totalBytes: 100, usedBytes: 20 },
    { mount: "/data", totalBytes: 100, usedBytes: 95 },
  ],
  netRxBytes: 0,
  netTxBytes: 0,
  ...over,
});

describe("server thresholds", () => {
  it("measures memory as a share of total and disk by the fullest mount", () => {
    expect(metricValues(sample())).toEqual({ cpu: 50, memory: 80, disk: 95 });
    expect(metricValues(sample({ memTotalBytes: 0, disks: [] })).memory).toBe(0);
  });

  it("names the level a value reaches", () => {
    expect(levelOf(74, 75, 90)).toBe("ok");
    expect(levelOf(75, 75, 90)).toBe("warning");
    expect(levelOf(90, 75, 90)).toBe("critical");
  });
});
