"use client";

// A React binding for uPlot (a ~50 KB canvas time-series library): creates the chart when
// its options change, follows the container's width, and pushes new data without re-creating.
// Import the charts built on it with next/dynamic so pages without a chart don't load it.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type ChartOptions = Omit<uPlot.Options, "width" | "height">;

export function UPlot({ options, data, height }: { options: ChartOptions; data: uPlot.AlignedData; height: number }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = host.current!;
    const created = new uPlot({ ...options, width: Math.max(100, el.clientWidth), height }, data, el);
    chart.current = created;
    const observer = new ResizeObserver(() => created.setSize({ width: Math.max(100, el.clientWidth), height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      created.destroy();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-created for new options only; new data goes through setData below
  }, [options, height]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div ref={host} className="w-full" />;
}

/** Axis and grid colours from the app's zinc palette, per theme. */
export function axisColors(dark: boolean) {
  return { stroke: dark ? "#a1a1aa" : "#71717a", grid: dark ? "#27272a" : "#f4f4f5", track: dark ? "#27272a" : "#f4f4f5" };
}
