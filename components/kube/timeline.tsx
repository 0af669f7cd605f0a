"use client";

import { useQuery } from "@tanstack/react-query";
import { X, ZoomIn, ZoomOut } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { kubeKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { Badge, type Tone } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Select } from "../ui/field";
import { FilterBar, SearchInput } from "../ui/filter-bar";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import type { TimelineEventView } from "@/lib/kube/types";
import { TIMELINE_EVENT_TYPES } from "@/lib/kube/vocabulary";
import { useClusterFilter } from "./cluster-filter";
import { KUBE_FALLBACK_POLL_MS } from "./types";

// uPlot comes with the chart, only where a timeline is shown.
const LaneChart = dynamic(() => import("./lane-chart").then((m) => m.LaneChart), {
  ssr: false,
  loading: () => <div className="h-24 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-900" />,
});

const RANGES = { "1h": 3600, "6h": 6 * 3600, "24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400 } as const;
const SEVERITY_TONE: Record<string, Tone> = { info: "sky", warning: "amber", error: "red" };

/** The timeline of a service, a cluster or everything, with range presets, filters, a lane chart and a detail drawer. */
export function Timeline({ clusterId: fixed, komodorUid }: { clusterId?: string; komodorUid?: string }) {
  const { clusterId, showColumn, picker, nameOf } = useClusterFilter(fixed, fixed !== undefined || komodorUid !== undefined);
  // The window: a preset length ending now, or a zoomed window ending at a fixed time.
  const [seconds, setSeconds] = useState<number>(RANGES["24h"]);
  const [end, setEnd] = useState<number | null>(null);
  const [type, setType] = useState("");
  const [severity, setSeverity] = useState("");
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState<TimelineEventView | null>(null);
  const filter = { clusterId, komodorUid, seconds, end, type, severity, q };
  const query = useQuery({
    queryKey: kubeKeys.timeline(filter),
    queryFn: () => {
      const to = end ?? Date.now();
      const from = new Date(to - seconds * 1000).toISOString();
      return api<TimelineEventView[]>(
        urls.kube.timeline({ from, to: end ? new Date(end).toISOString() : undefined, clusterId, komodorUid, type, severity, q }),
      );
    },
    refetchInterval: end ? false : KUBE_FALLBACK_POLL_MS,
  });
  const events = query.data ?? [];
  const windowEnd = end ?? query.dataUpdatedAt;
  const zoom = (factor: number) => {
    const center = windowEnd - (seconds * 1000) / 2;
    const next = Math.max(60, Math.min(RANGES["30d"], seconds * factor));
    setSeconds(next);
    setEnd(Math.min(Date.now(), center + (next * 1000) / 2));
  };
  return (
    <div className="space-y-4">
      <FilterBar>
        <div className="flex rounded-md ring-1 ring-zinc-300 dark:ring-zinc-700" role="group" aria-label="Time range">
          {(Object.keys(RANGES) as (keyof typeof RANGES)[]).map((r) => {
            const on = end === null && seconds === RANGES[r];
            return (
              <button
                key={r}
                type="button"
                aria-pressed={on}
                onClick={() => (setSeconds(RANGES[r]), setEnd(null))}
                className={cn(
                  "px-2.5 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md",
                  on ? "bg-indigo-600 text-white" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
                )}
              >
                {r}
              </button>
            );
          })}
        </div>
        <Button variant="ghost" aria-label="Zoom in" onClick={() => zoom(0.5)}>
          <ZoomIn className="size-4" />
        </Button>
        <Button variant="ghost" aria-label="Zoom out" onClick={() => zoom(2)}>
          <ZoomOut className="size-4" />
        </Button>
        {picker}
        <Select aria-label="Event type" value={type} onChange={(e) => setType(e.target.value)} className="w-40">
          <option value="">All kinds</option>
          {TIMELINE_EVENT_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </Select>
        <Select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value)} className="w-32">
          <option value="">Any severity</option>
          <option>info</option>
          <option>warning</option>
          <option>error</option>
        </Select>
        <SearchInput label="Search the timeline" placeholder="Search…" value={q} onChange={setQ} />
      </FilterBar>
      {query.isLoading ? (
        <Spinner label="Loading the timeline" />
      ) : query.isError ? (
        <ErrorState error={query.error} />
      ) : events.length === 0 ? (
        <EmptyState title="Nothing happened in this range" description="Deploys, restarts, warnings, actions and health changes appear here as they happen." />
      ) : (
        <>
          <LaneChart events={events} from={windowEnd - seconds * 1000} to={windowEnd} onSelect={setSelected} />
          <ol className="relative space-y-1 border-l border-zinc-200 pl-4 dark:border-zinc-800" data-testid="timeline">
            {events.map((e) => (
              <li key={e.id}>
                <button
                  type="button"
                  onClick={() => setSelected(e)}
                  className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  <span
                    className={cn(
                      "-ml-[1.4rem] size-2.5 rounded-full ring-2 ring-white dark:ring-zinc-950",
                      e.severity === "error" ? "bg-red-500" : e.severity === "warning" ? "bg-amber-500" : "bg-sky-500",
                    )}
                  />
                  <Badge tone={SEVERITY_TONE[e.severity]}>{e.type}</Badge>
                  <span className="truncate">{e.summary}</span>
                  <span className="ml-auto shrink-0 text-xs text-zinc-500">
                    {showColumn ? `${nameOf(e.clusterId)}/` : ""}
                    {e.namespace ? `${e.namespace}/` : ""}
                    {e.objectName} · <TimeAgo at={e.at} />
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
      {selected ? <EventDrawer event={selected} onClose={() => setSelected(null)} /> : null}
    </div>
  );
}

function EventDrawer({ event, onClose }: { event: TimelineEventView; onClose: () => void }) {
  const diff = (event.details.diff as { path: string; before: unknown; after: unknown }[] | undefined) ?? null;
  return (
    <aside
      className="fixed inset-y-0 right-0 z-40 w-full max-w-lg overflow-y-auto border-l border-zinc-200 bg-white p-5 shadow-2xl dark:border-zinc-800 dark:bg-zinc-900"
      aria-label="Event details"
      data-testid="event-drawer"
    >
      <div className="mb-4 flex items-start justify-between gap-2">
        <div>
          <Badge tone={SEVERITY_TONE[event.severity]}>{event.type}</Badge>
          <h2 className="mt-2 font-semibold">{event.summary}</h2>
          <p className="text-xs text-zinc-500">
            {event.objectKind} {event.namespace ? `${event.namespace}/` : ""}
            {event.objectName} · {new Date(event.at).toLocaleString()}
          </p>
        </div>
        <Button variant="ghost" aria-label="Close details" onClick={onClose}>
          <X className="size-4" />
        </Button>
      </div>
      {diff ? (
        <table className="mb-4 w-full text-xs" data-testid="template-diff">
          <thead className="text-left text-zinc-500">
            <tr>
              <th className="py-1">Field</th>
              <th className="py-1">Before</th>
              <th className="py-1">After</th>
            </tr>
          </thead>
          <tbody>
            {diff.map((d) => (
              <tr key={d.path} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                <td className="py-1 pr-2 font-mono">{d.path}</td>
                <td className="py-1 pr-2 font-mono text-red-600 dark:text-red-400">{JSON.stringify(d.before)}</td>
                <td className="py-1 font-mono text-emerald-600 dark:text-emerald-400">{JSON.stringify(d.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <pre className="overflow-x-auto rounded-md bg-zinc-950 p-3 text-xs text-zinc-300">{JSON.stringify(event.details, null, 2)}</pre>
    </aside>
  );
}
