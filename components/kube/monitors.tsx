"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { kubeKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Select } from "../ui/field";
import { FilterBar } from "../ui/filter-bar";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import type { MonitorView } from "@/lib/kube/types";
import { MONITOR_STATUSES } from "@/lib/kube/vocabulary";
import { useClusterFilter } from "./cluster-filter";
import { KUBE_FALLBACK_POLL_MS, serviceHref } from "./types";

/** `monitorId` shows that one monitor, whatever its status (links from the public API land here). */
export function Monitors({
  clusterId: fixed,
  komodorUid,
  monitorId,
  showService = true,
}: {
  clusterId?: string;
  komodorUid?: string;
  monitorId?: string;
  showService?: boolean;
}) {
  const { clusterId, showColumn, picker } = useClusterFilter(fixed, fixed !== undefined || komodorUid !== undefined);
  const [only, setOnly] = useState(monitorId);
  const [status, setStatus] = useState(monitorId ? "" : "open");
  const [severity, setSeverity] = useState("");
  const filter = { clusterId, komodorUid, id: only, status, severity };
  const query = useQuery({
    queryKey: kubeKeys.health(filter),
    queryFn: () => api<MonitorView[]>(urls.kube.health(filter)),
    refetchInterval: KUBE_FALLBACK_POLL_MS,
  });
  const change = useApiMutation({
    mutationFn: ({ id, status }: { id: string; status: string }) => api(urls.kube.monitor(id), { method: "PATCH", body: { status } }),
    invalidate: [kubeKeys.healthAll],
  });
  return (
    <div className="space-y-3">
      <FilterBar>
        {picker}
        <Select aria-label="Monitor status" value={status} onChange={(e) => setStatus(e.target.value)} className="w-44">
          <option value="">Any status</option>
          {MONITOR_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </Select>
        <Select aria-label="Monitor severity" value={severity} onChange={(e) => setSeverity(e.target.value)} className="w-36">
          <option value="">Any severity</option>
          <option>high</option>
          <option>medium</option>
          <option>low</option>
        </Select>
        {only ? (
          <Button variant="secondary" onClick={() => (setOnly(undefined), setStatus("open"))}>
            Show all monitors
          </Button>
        ) : null}
      </FilterBar>
      {query.isLoading ? (
        <Spinner />
      ) : query.isError ? (
        <ErrorState error={query.error} />
      ) : !query.data?.length ? (
        <EmptyState
          title="No health issues here"
          description="Checks run on every change the agent sees: restarts, OOM kills, availability, failed rollouts, pending pods, failed jobs, node health and best practices."
        />
      ) : (
        <ul
          className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
          data-testid="monitors"
        >
          {query.data.map((m) => (
            <li key={m.id} className="space-y-1 p-3 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={m.severity === "high" ? "red" : m.severity === "medium" ? "amber" : "slate"}>{m.severity}</Badge>
                <span className="font-medium">{m.checkType}</span>
                {showService ? (
                  <Link href={serviceHref(m.komodorUid)} className="text-indigo-600 hover:underline dark:text-indigo-400">
                    {m.komodorUid
                      .split("|")
                      .slice(showColumn ? 1 : 2)
                      .join("/")}
                  </Link>
                ) : null}
                <span className="text-xs text-zinc-500">
                  since <TimeAgo at={m.createdAt} />, checked <TimeAgo at={m.lastEvaluatedAt} />
                </span>
                <Select
                  aria-label={`Status of ${m.checkType}`}
                  value={m.status}
                  onChange={(e) => change.mutate({ id: m.id, status: e.target.value })}
                  className="ml-auto w-44"
                >
                  {MONITOR_STATUSES.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </Select>
              </div>
              <details>
                <summary className="cursor-pointer text-xs text-zinc-500">Supporting data</summary>
                <pre className="mt-1 overflow-x-auto rounded bg-zinc-950 p-2 text-xs text-zinc-300">{JSON.stringify(m.supportingData, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
