"use client";

// CPU, memory and fullest-disk use of a Server over the chosen range: one uPlot chart with a
// time axis, a percent axis, and the values under the pointer in the legend. Loaded lazily
// (server-overview.tsx) so uPlot is fetched only on a Server page.
import { useMemo } from "react";
import type uPlot from "uplot";
import { statsSeries } from "@/lib/servers/stats-series";
import type { StatsSample } from "@/lib/protocol/agent";
import { axisColors, type ChartOptions, UPlot } from "../ui/uplot";
import { useDark } from "../ui/use-dark";

const percent = (_u: uPlot, v: number | null) => (v == null ? "—" : `${v.toFixed(1)} %`);

const LINES = [
  { key: "cpu", label: "CPU", stroke: "#6366f1" },
  { key: "memory", label: "Memory", stroke: "#0ea5e9" },
  { key: "disk", label: "Disk (fullest)", stroke: "#f59e0b" },
] as const;

export function StatsChart({ samples, rangeSeconds }: { samples: StatsSample[]; rangeSeconds: number }) {
  const dark = useDark();
  const options = useMemo((): ChartOptions => {
    const c = axisColors(dark);
    const axis = { stroke: c.stroke, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 }, font: "11px system-ui, sans-serif" };
    return {
      series: [{ label: "Time" }, ...LINES.map((l) => ({ label: l.label, stroke: l.stroke, width: 2, value: percent, spanGaps: false }))],
      // The whole chosen range, ending now: a gap at the start means the agent wasn't sending then.
      scales: { x: { time: true, range: () => [Date.now() / 1000 - rangeSeconds, Date.now() / 1000] }, y: { range: [0, 100] } },
      axes: [axis, { ...axis, size: 52, splits: () => [0, 25, 50, 75, 100], values: (_u: uPlot, splits: number[]) => splits.map((v) => `${v} %`) }],
      cursor: { drag: { x: false, y: false }, points: { size: 6 }, y: false },
      legend: { live: true },
    };
  }, [dark, rangeSeconds]);
  const data = useMemo((): uPlot.AlignedData => {
    const s = statsSeries(samples, rangeSeconds);
    return [s.times, s.values.cpu, s.values.memory, s.values.disk];
  }, [samples, rangeSeconds]);
  return (
    <figure
      className="rounded-lg border border-zinc-200 bg-white p-3 text-xs dark:border-zinc-800 dark:bg-zinc-900"
      aria-label="CPU, memory and disk use over time"
      data-testid="stats-chart"
    >
      <UPlot options={options} data={data} height={220} />
    </figure>
  );
}
