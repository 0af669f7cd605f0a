"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { kubeKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { Badge } from "../ui/badge";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import type { ServiceSummary } from "@/lib/kube/types";
import { useClusterFilter } from "./cluster-filter";
import { KUBE_FALLBACK_POLL_MS, serviceHref } from "./types";

export function ServiceTable({ clusterId: fixed }: { clusterId?: string }) {
  const [q, setQ] = useState("");
  const { clusterId, showColumn, picker } = useClusterFilter(fixed);
  const query = useQuery({
    queryKey: kubeKeys.services({ clusterId }),
    queryFn: () => api<ServiceSummary[]>(urls.kube.services({ clusterId })),
    refetchInterval: KUBE_FALLBACK_POLL_MS,
  });
  if (query.isLoading) return <Spinner label="Loading services" />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const rows = (query.data ?? []).filter((s) => !q || `${s.namespace}/${s.name}`.toLowerCase().includes(q.toLowerCase()));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {picker}
        <input
          type="search"
          placeholder="Filter services…"
          aria-label="Filter services"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="w-full max-w-xs rounded-md border-0 bg-white py-1.5 px-3 text-sm ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-indigo-500 dark:bg-zinc-900 dark:ring-zinc-700"
        />
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No services" description="Deployments, StatefulSets and DaemonSets you may view show up here once a cluster agent is connected." />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm" data-testid="service-table">
            <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-950">
              <tr>
                {["Service", ...(showColumn ? ["Cluster"] : []), "Namespace", "Status", "Replicas", "Images", "Last deploy"].map((h) => (
                  <th key={h} className="px-4 py-2 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {rows.map((s) => (
                <tr key={s.komodorUid} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                  <td className="px-4 py-2.5">
                    <Link href={serviceHref(s.komodorUid)} className="font-medium hover:text-indigo-600">
                      {s.name}
                    </Link>
                    <span className="ml-2 text-xs text-zinc-400">{s.kind}</span>
                  </td>
                  {showColumn ? <td className="px-4 py-2.5 text-zinc-600 dark:text-zinc-400">{s.cluster}</td> : null}
                  <td className="px-4 py-2.5 text-zinc-600 dark:text-zinc-400">{s.namespace}</td>
                  <td className="px-4 py-2.5">
                    <Badge tone={s.status === "healthy" ? "green" : "red"}>{s.status}</Badge>
                    {s.reason ? <span className="ml-2 text-xs text-zinc-500">{s.reason}</span> : null}
                  </td>
                  <td className="px-4 py-2.5 tabular-nums">
                    {s.replicas.ready}/{s.replicas.desired}
                  </td>
                  <td className="max-w-[14rem] truncate px-4 py-2.5 font-mono text-xs">{s.images.join(", ")}</td>
                  <td className="px-4 py-2.5 text-zinc-500">{s.lastDeploy ? <TimeAgo at={s.lastDeploy.startTime} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
