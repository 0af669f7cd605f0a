"use client";

// The timeline's chart: one lane per pod showing its phase over time (coloured segments from
// each phase change to the next), and one lane per object with its other events as dots.
import { cn } from "../ui/cn";
import type { TimelineEventView } from "./types";

const PHASE_COLOR: Record<string, string> = { Running: "bg-emerald-500", Pending: "bg-amber-400", Succeeded: "bg-sky-500", Failed: "bg-red-500", Unknown: "bg-zinc-400" };
const dotColor = (e: TimelineEventView) => (e.severity === "error" ? "bg-red-500" : e.severity === "warning" ? "bg-amber-500" : "bg-sky-500");

export function LaneChart({ events, from, to, onSelect }: { events: TimelineEventView[]; from: number; to: number; onSelect: (e: TimelineEventView) => void }) {
  const span = Math.max(1, to - from);
  const x = (t: number) => Math.max(0, Math.min(100, ((t - from) / span) * 100));
  const byTime = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const pods = new Map<string, TimelineEventView[]>();
  for (const e of byTime) {
    const pod = e.type === "pod-phase" ? (e.details.pod as string | undefined) : undefined;
    if (pod) pods.set(pod, [...(pods.get(pod) ?? []), e]);
  }
  const objects = [...new Set(byTime.filter((e) => e.type !== "pod-phase").map((e) => `${e.objectKind}/${e.objectName}`))];
  const lanes = [...[...pods.keys()].slice(0, 10).map((p) => ({ key: `pod:${p}`, label: p })), ...objects.slice(0, 6).map((o) => ({ key: `obj:${o}`, label: o }))];
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Pod phases and events over time" data-testid="lane-chart">
      {lanes.map((lane) => (
        <div key={lane.key} className="flex items-center gap-2 py-0.5">
          <span className="w-48 shrink-0 truncate text-xs text-zinc-500" title={lane.label}>
            {lane.label}
          </span>
          <div className="relative h-3 flex-1 overflow-hidden rounded bg-zinc-100 dark:bg-zinc-800">
            {lane.key.startsWith("pod:")
              ? pods.get(lane.label)!.map((e, i, all) => {
                  const start = x(Date.parse(e.at));
                  const end = i + 1 < all.length ? x(Date.parse(all[i + 1].at)) : 100;
                  const phase = String(e.details.to ?? "Unknown");
                  return <button key={e.id} type="button" title={`${lane.label}: ${phase}`} onClick={() => onSelect(e)} style={{ left: `${start}%`, width: `${Math.max(0.5, end - start)}%` }} className={cn("absolute inset-y-0", PHASE_COLOR[phase] ?? PHASE_COLOR.Unknown)} />;
                })
              : byTime
                  .filter((e) => e.type !== "pod-phase" && `obj:${e.objectKind}/${e.objectName}` === lane.key)
                  .map((e) => <button key={e.id} type="button" title={e.summary} onClick={() => onSelect(e)} style={{ left: `${x(Date.parse(e.at))}%` }} className={cn("absolute top-0 size-3 -translate-x-1/2 rounded-full", dotColor(e))} />)}
          </div>
        </div>
      ))}
      <div className="mt-1 flex justify-between pl-50 text-[10px] text-zinc-400">
        <span>{new Date(from).toLocaleString()}</span>
        <span>{new Date(to).toLocaleString()}</span>
      </div>
    </div>
  );
}
