"use client";

import { LoadMore } from "../ui/load-more";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Check } from "lucide-react";
import Link from "next/link";
import { useDeferredValue, useMemo, useState } from "react";
import { api } from "@/lib/client/api";
import { alertKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { ALERT_LEVELS, ALERT_TYPES } from "@/lib/alerts/kinds";
import { ALERT_STATES, type AlertCount, type AlertFilters, type AlertPage, type AlertRow, type AlertState } from "@/lib/alerts/types";
import { isResourceTypeKey, TYPE_NAMES, TYPE_ORDER } from "@/lib/resources/names";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { DataTable, type DataColumn } from "../ui/data-table";
import { Select } from "../ui/field";
import { FilterBar, SearchInput } from "../ui/filter-bar";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import { LevelBadge } from "./level-badge";

const TYPE_LABELS: Record<string, string> = {
  ServerCpu: "Server CPU",
  KubeHealthMonitor: "Kubernetes health monitor",
  ResourceSyncPendingUpdates: "Resource sync pending",
  ProcedureFailed: "Procedure failed",
};
/** "ContainerStateChange" → "Container state change" (acronyms and long names from TYPE_LABELS). */
const typeLabel = (type: string) => TYPE_LABELS[type] ?? type.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/ (\w)/g, (_, c: string) => ` ${c.toLowerCase()}`);

function targetHref(a: AlertRow): string | null {
  if (isResourceTypeKey(a.targetType)) return `/${TYPE_NAMES[a.targetType].plural}/${a.targetId}`;
  return null;
}

function Target({ alert }: { alert: AlertRow }) {
  const href = targetHref(alert);
  const type = isResourceTypeKey(alert.targetType) ? TYPE_NAMES[alert.targetType].label : alert.targetType;
  return (
    <div className="min-w-0">
      {href ? (
        <Link href={href} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          {alert.targetName}
        </Link>
      ) : (
        <span className="font-medium">{alert.targetName}</span>
      )}
      <div className="text-xs text-zinc-500">
        {type}
        {alert.namespace ? ` · ${alert.namespace}` : alert.namespace === "" ? " · cluster-wide" : ""}
      </div>
    </div>
  );
}

function AcknowledgeCell({ alert }: { alert: AlertRow }) {
  const acknowledge = useApiMutation({
    mutationFn: () => api(urls.alerts.acknowledge(alert.id), { method: "POST" }),
    invalidate: [alertKeys.all],
    successToast: "Alert acknowledged",
  });
  if (alert.acknowledgedAt)
    return (
      <div className="whitespace-nowrap text-xs" title={new Date(alert.acknowledgedAt).toLocaleString()}>
        <div className="flex items-center gap-1 font-medium text-emerald-700 dark:text-emerald-400">
          <Check className="size-3.5" aria-hidden /> {alert.acknowledgedBy ?? "a deleted user"}
        </div>
        <div className="text-zinc-500">
          <TimeAgo at={alert.acknowledgedAt} />
        </div>
      </div>
    );
  if (alert.resolvedAt || !alert.canAcknowledge) return <span className="text-xs text-zinc-400">—</span>;
  return (
    <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => acknowledge.mutate()} disabled={acknowledge.isPending}>
      Acknowledge
    </Button>
  );
}

const COLUMNS: DataColumn<AlertRow>[] = [
  { id: "level", header: "Level", cell: (a) => <LevelBadge level={a.severity} />, headerClassName: "w-28" },
  {
    id: "alert",
    header: "Alert",
    cell: (a) => (
      <div className="min-w-0">
        <div className="font-medium text-zinc-900 dark:text-zinc-100">{typeLabel(a.type)}</div>
        <div className="max-w-xl truncate text-xs text-zinc-600 dark:text-zinc-400" title={a.message}>
          {a.message}
        </div>
      </div>
    ),
  },
  { id: "target", header: "Target", cell: (a) => <Target alert={a} /> },
  {
    id: "state",
    header: "State",
    cell: (a) =>
      a.resolvedAt ? (
        <span className="text-xs text-zinc-500">
          Resolved <TimeAgo at={a.resolvedAt} />
        </span>
      ) : (
        <span className="inline-flex items-center gap-1.5 text-xs font-medium text-red-700 dark:text-red-400">
          <span className="size-1.5 rounded-full bg-red-500" aria-hidden /> Open
        </span>
      ),
  },
  { id: "opened", header: "Opened", cell: (a) => <TimeAgo at={a.openedAt} />, className: "text-zinc-500 whitespace-nowrap" },
  { id: "ack", header: "Acknowledged", cell: (a) => <AcknowledgeCell alert={a} /> },
];

const STATE_LABELS: Record<AlertState, string> = { open: "Open", resolved: "History", all: "All" };

/** Open alerts and their history, filtered on the server and paged by cursor; live through alertKeys.all. */
export function AlertList() {
  const [state, setState] = useState<AlertState>("open");
  const [type, setType] = useState("");
  const [level, setLevel] = useState("");
  const [targetType, setTargetType] = useState("");
  const [acknowledged, setAcknowledged] = useState<"" | "true" | "false">("");
  const [text, setText] = useState("");
  const q = useDeferredValue(text.trim());
  const filters: AlertFilters = { state, type, level, targetType, acknowledged: acknowledged || undefined, q };
  const query = useInfiniteQuery({
    queryKey: alertKeys.list(filters),
    queryFn: ({ pageParam }) => api<AlertPage>(urls.alerts.list({ ...filters, cursor: pageParam })),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const filtered = Boolean(type || level || targetType || acknowledged || q);
  const { data: counts } = useQuery({ queryKey: alertKeys.openCount, queryFn: () => api<AlertCount>(urls.alerts.count()) });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="tablist" aria-label="Which alerts" className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
          {ALERT_STATES.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              aria-selected={state === s}
              onClick={() => setState(s)}
              className={cn(
                "rounded px-3 py-1 text-sm font-medium transition-colors",
                state === s ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-950 dark:text-zinc-100" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400",
              )}
            >
              {STATE_LABELS[s]}
            </button>
          ))}
        </div>
        {counts ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="alert-summary">
            {counts.open ? (
              <>
                <span className="font-semibold text-zinc-900 dark:text-zinc-100">{counts.open}</span> open
                {counts.unacknowledged ? (
                  <>
                    {" · "}
                    <span className="font-semibold text-red-700 dark:text-red-400">{counts.unacknowledged}</span> not acknowledged
                  </>
                ) : (
                  " · all acknowledged"
                )}
              </>
            ) : (
              "No open alerts: all clear."
            )}
          </p>
        ) : null}
      </div>
      <FilterBar>
        <SearchInput value={text} onChange={setText} label="Search alerts" placeholder="Search target or message…" />
        <Select aria-label="Type" className="w-52" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">All types</option>
          {ALERT_TYPES.map((t) => (
            <option key={t} value={t}>
              {typeLabel(t)}
            </option>
          ))}
        </Select>
        <Select aria-label="Level" className="w-32" value={level} onChange={(e) => setLevel(e.target.value)}>
          <option value="">All levels</option>
          {ALERT_LEVELS.map((l) => (
            <option key={l} value={l}>
              {l === "ok" ? "OK" : l[0]!.toUpperCase() + l.slice(1)}
            </option>
          ))}
        </Select>
        <Select aria-label="Target type" className="w-36" value={targetType} onChange={(e) => setTargetType(e.target.value)}>
          <option value="">All targets</option>
          {TYPE_ORDER.map((t) => (
            <option key={t} value={t}>
              {TYPE_NAMES[t].labelPlural}
            </option>
          ))}
        </Select>
        <Select aria-label="Acknowledged" className="w-56" value={acknowledged} onChange={(e) => setAcknowledged(e.target.value as "" | "true" | "false")}>
          <option value="">Acknowledged or not</option>
          <option value="false">Not acknowledged</option>
          <option value="true">Acknowledged</option>
        </Select>
      </FilterBar>
      {query.isLoading ? (
        <Spinner label="Loading alerts" />
      ) : query.isError ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : (
        <DataTable
          data={items}
          columns={COLUMNS}
          rowKey={(a) => a.id}
          testId="alert-table"
          rowTestId={(a) => `alert-${a.id}`}
          label="Alerts"
          empty={
            <EmptyState
              title={filtered ? "No alerts match these filters" : state === "open" ? "No open alerts" : "No alerts yet"}
              description={
                state === "open" && !filtered
                  ? "All clear. Alerts open here when a server, container, deploy, build or cluster needs attention, and resolve on their own."
                  : "Change the filters to see more."
              }
            />
          }
          pageSize={false}
          footer={<LoadMore query={query} />}
        />
      )}
    </div>
  );
}
