"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { api } from "@/lib/client/api";
import { kubeKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { Badge } from "../ui/badge";
import { DataTable, type DataColumn } from "../ui/data-table";
import { FilterBar, SearchInput } from "../ui/filter-bar";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import type { ServiceSummary } from "@/lib/kube/types";
import { useClusterFilter } from "./cluster-filter";
import { KUBE_FALLBACK_POLL_MS, serviceHref } from "./types";

const MUTED = "text-zinc-600 dark:text-zinc-400";

const SERVICE: DataColumn<ServiceSummary> = {
  id: "service",
  header: "Service",
  sortValue: (s) => s.name,
  cell: (s) => (
    <>
      <Link href={serviceHref(s.komodorUid)} className="font-medium hover:text-indigo-600">
        {s.name}
      </Link>
      <span className="ml-2 text-xs text-zinc-400">{s.kind}</span>
    </>
  ),
};
const CLUSTER: DataColumn<ServiceSummary> = { id: "cluster", header: "Cluster", sortValue: (s) => s.cluster, cell: (s) => s.cluster, className: MUTED };
const REST: DataColumn<ServiceSummary>[] = [
  { id: "namespace", header: "Namespace", sortValue: (s) => s.namespace, cell: (s) => s.namespace, className: MUTED },
  {
    id: "status",
    header: "Status",
    sortValue: (s) => s.status,
    cell: (s) => (
      <>
        <Badge tone={s.status === "healthy" ? "green" : "red"}>{s.status}</Badge>
        {s.reason ? <span className="ml-2 text-xs text-zinc-500">{s.reason}</span> : null}
      </>
    ),
  },
  {
    id: "replicas",
    header: "Replicas",
    sortValue: (s) => s.replicas.ready,
    cell: (s) => `${s.replicas.ready}/${s.replicas.desired}`,
    className: "tabular-nums",
  },
  { id: "images", header: "Images", cell: (s) => s.images.join(", "), className: "max-w-[14rem] truncate font-mono text-xs" },
  {
    id: "lastDeploy",
    header: "Last deploy",
    sortValue: (s) => (s.lastDeploy ? new Date(s.lastDeploy.startTime) : null),
    cell: (s) => (s.lastDeploy ? <TimeAgo at={s.lastDeploy.startTime} /> : "—"),
    className: "text-zinc-500",
  },
];
const WITH_CLUSTER = [SERVICE, CLUSTER, ...REST];
const WITHOUT_CLUSTER = [SERVICE, ...REST];

export function ServiceTable({ clusterId: fixed }: { clusterId?: string }) {
  const [q, setQ] = useState("");
  const { clusterId, showColumn, picker } = useClusterFilter(fixed);
  const query = useQuery({
    queryKey: kubeKeys.services({ clusterId }),
    queryFn: () => api<ServiceSummary[]>(urls.kube.services({ clusterId })),
    refetchInterval: KUBE_FALLBACK_POLL_MS,
  });
  const rows = useMemo(() => (query.data ?? []).filter((s) => !q || `${s.namespace}/${s.name}`.toLowerCase().includes(q.toLowerCase())), [query.data, q]);
  if (query.isLoading) return <Spinner label="Loading services" />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return (
    <div className="space-y-3">
      <FilterBar>
        {picker}
        <SearchInput label="Filter services" placeholder="Filter services…" value={q} onChange={setQ} />
      </FilterBar>
      <DataTable
        data={rows}
        columns={showColumn ? WITH_CLUSTER : WITHOUT_CLUSTER}
        rowKey={(s) => s.komodorUid}
        testId="service-table"
        empty={
          <EmptyState title="No services" description="Deployments, StatefulSets and DaemonSets you may view show up here once a cluster agent is connected." />
        }
      />
    </div>
  );
}
