"use client";

// The timeline's chart, drawn with uPlot: a time axis, one lane per pod showing its phase over
// time (coloured segments from each phase change to the next), one lane per object with its
// other events as dots, and the details of what is under the pointer. A click opens the event.
// The lanes come from lib/kube/lanes.ts; this file only draws. Loaded lazily by timeline.tsx.
import { useEffect, useMemo, useRef, useState } from "react";
import type uPlot from "uplot";
import { buildLanes, eventAt, type Lane } from "@/lib/kube/lanes";
import { axisColors, type ChartOptions, UPlot } from "../ui/uplot";
import { useDark } from "../ui/use-dark";
import type { TimelineEventView } from "@/lib/kube/types";

const PHASE_COLOR: Record<string, string> = { Running: "#10b981", Pending: "#fbbf24", Succeeded: "#0ea5e9", Failed: "#ef4444", Unknown: "#a1a1aa" };
const SEVERITY_COLOR: Record<TimelineEventView["severity"], string> = { error: "#ef4444", warning: "#f59e0b", info: "#0ea5e9" };
const LANE_HEIGHT = 30;
// The time axis under the lanes: two rows of tick labels.
const AXIS_HEIGHT = 56;
const CARD_WIDTH = 288;
const LABEL_CHARS = 30;

interface Hover {
  event: TimelineEventView;
  lane: Lane<TimelineEventView>;
  x: number;
  y: number;
}

const clock = (ms: number) => new Date(ms).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

function duration(ms: number) {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

export function LaneChart({ events, from, to, onSelect }: { events: TimelineEventView[]; from: number; to: number; onSelect: (e: TimelineEventView) => void }) {
  const dark = useDark();
  const wrapper = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const hoverRef = useRef<Hover | null>(null);
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
    hoverRef.current = hover;
  }, [onSelect, hover]);

  const lanes = useMemo(() => buildLanes(events), [events]);
  const n = lanes.length;

  const options = useMemo((): ChartOptions => {
    const c = axisColors(dark);
    // Lane i sits at y = n-1-i, so the first lane is on top.
    const laneOf = (y: number) => lanes[n - 1 - Math.round(y)];
    const draw = (u: uPlot) => {
      const ctx = u.ctx;
      const { left, top, width, height } = u.bbox;
      const laneHeight = Math.abs(u.valToPos(0, "y", true) - u.valToPos(1, "y", true));
      const bar = Math.min(12 * devicePixelRatio, laneHeight * 0.6);
      const end = u.scales.x?.max ?? to / 1000;
      const x = (ms: number) => u.valToPos(Math.min(ms / 1000, end), "x", true);
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, top, width, height);
      ctx.clip();
      lanes.forEach((lane, i) => {
        const y = u.valToPos(n - 1 - i, "y", true);
        ctx.fillStyle = c.track;
        ctx.fillRect(left, y - bar / 2, width, bar);
        for (const s of lane.segments) {
          ctx.fillStyle = PHASE_COLOR[s.phase] ?? PHASE_COLOR.Unknown!;
          const x0 = x(s.start);
          ctx.fillRect(x0, y - bar / 2, Math.max(devicePixelRatio, x(s.end) - x0), bar);
        }
        for (const p of lane.points) {
          ctx.fillStyle = SEVERITY_COLOR[p.event.severity];
          ctx.beginPath();
          ctx.arc(x(p.at), y, bar / 2, 0, 2 * Math.PI);
          ctx.fill();
        }
      });
      ctx.restore();
    };
    const setCursor = (u: uPlot) => {
      const { left, top } = u.cursor;
      if (left == null || top == null || left < 0 || top < 0) return setHover(null);
      const lane = laneOf(u.posToVal(top, "y"));
      // A dot is about 12 px wide: accept the pointer within 6 px of its centre.
      const tolerance = Math.abs(u.posToVal(left + 6, "x") - u.posToVal(left, "x")) * 1000;
      const event = eventAt(lane, u.posToVal(left, "x") * 1000, tolerance);
      u.over.style.cursor = event ? "pointer" : "default";
      if (!event || !lane) return setHover(null);
      const over = u.over.getBoundingClientRect();
      const host = wrapper.current!.getBoundingClientRect();
      // Centred under the pointer, but kept inside the chart's card.
      const x = Math.min(Math.max(over.left - host.left + left, CARD_WIDTH / 2), host.width - CARD_WIDTH / 2);
      setHover({ event, lane, x, y: over.top - host.top + top });
    };
    const axis = { stroke: c.stroke, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 }, font: "11px system-ui, sans-serif" };
    return {
      series: [{}, { label: "lanes", paths: () => null, points: { show: false } }],
      scales: { x: { time: true }, y: { range: [-0.5, Math.max(0.5, n - 0.5)] } },
      axes: [
        axis,
        {
          ...axis,
          size: 200,
          grid: { show: false },
          ticks: { show: false },
          splits: () => lanes.map((_, i) => n - 1 - i),
          values: (_u: uPlot, splits: number[]) =>
            splits.map((v) => {
              const label = lanes[n - 1 - v]?.label ?? "";
              return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
            }),
        },
      ],
      cursor: { drag: { x: false, y: false }, points: { show: false }, y: false },
      legend: { show: false },
      hooks: {
        draw: [draw],
        setCursor: [setCursor],
        ready: [(u: uPlot) => u.over.addEventListener("click", () => hoverRef.current && onSelectRef.current(hoverRef.current.event))],
      },
    };
    // `to` is read only as a fallback before the scale exists; a new window is new data, not new options.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dark, lanes, n]);

  // Only the window's ends: the x axis spans exactly [from, to].
  const data = useMemo(
    (): uPlot.AlignedData => [
      [from / 1000, to / 1000],
      [null, null],
    ],
    [from, to],
  );
  if (n === 0) return null;
  return (
    <div
      ref={wrapper}
      className="relative rounded-lg border border-zinc-200 bg-white p-3 text-xs dark:border-zinc-800 dark:bg-zinc-900"
      aria-label="Pod phases and events over time"
      data-testid="lane-chart"
      onMouseLeave={() => setHover(null)}
    >
      <UPlot options={options} data={data} height={LANE_HEIGHT * n + AXIS_HEIGHT} />
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 pl-[200px] text-[11px] text-zinc-500">
        {Object.entries(PHASE_COLOR).map(([phase, color]) => (
          <li key={phase} className="flex items-center gap-1">
            <span className="inline-block h-2 w-3 rounded-sm" style={{ backgroundColor: color }} /> {phase}
          </li>
        ))}
        {Object.entries(SEVERITY_COLOR).map(([severity, color]) => (
          <li key={severity} className="flex items-center gap-1">
            <span className="inline-block size-2 rounded-full" style={{ backgroundColor: color }} /> {severity} event
          </li>
        ))}
      </ul>
      {hover ? <HoverCard hover={hover} /> : null}
    </div>
  );
}

function HoverCard({ hover }: { hover: Hover }) {
  const { event, lane } = hover;
  const segment = lane.segments.find((s) => s.event === event);
  return (
    <div
      role="tooltip"
      data-testid="lane-hover"
      className="pointer-events-none absolute z-10 -translate-x-1/2 rounded-md border border-zinc-200 bg-white p-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-800"
      style={{ left: hover.x, top: hover.y + 14, width: CARD_WIDTH }}
    >
      <p className="truncate font-medium">{lane.label}</p>
      {segment ? (
        <p>
          <span className="font-medium" style={{ color: PHASE_COLOR[segment.phase] ?? PHASE_COLOR.Unknown }}>
            {segment.phase}
          </span>{" "}
          {Number.isFinite(segment.end) ? `from ${clock(segment.start)} for ${duration(segment.end - segment.start)}` : `since ${clock(segment.start)}`}
        </p>
      ) : (
        <>
          <p>{event.summary}</p>
          <p className="text-zinc-500">
            {event.type} · {event.severity} · {clock(Date.parse(event.at))}
          </p>
        </>
      )}
      <p className="mt-1 text-zinc-400">Click for details</p>
    </div>
  );
}
