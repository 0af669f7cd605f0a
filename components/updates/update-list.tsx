"use client";

import { LoadMore } from "../ui/load-more";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { api } from "@/lib/client/api";
import { updateKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { isResourceTypeKey, TYPE_NAMES } from "@/lib/resources/names";
import { DataTable, type DataColumn } from "../ui/data-table";
import { Select } from "../ui/field";
import { FilterBar } from "../ui/filter-bar";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import { UpdateStatusBadge } from "./status-badge";
import type { UpdatePage, UpdateSummary } from "@/lib/updates/types";

export function targetHref(u: Pick<UpdateSummary, "targetType" | "targetId">): string | null {
  if (u.targetId && isResourceTypeKey(u.targetType)) return `/${TYPE_NAMES[u.targetType].plural}/${u.targetId}`;
  return null;
}

const MUTED = "text-zinc-600 dark:text-zinc-400";
const OPERATION: DataColumn<UpdateSummary> = {
  id: "operation",
  header: "Operation",
  sortValue: (u) => u.operation,
  cell: (u) => (
    <Link href={`/updates/${u.id}`} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
      {u.operation}
    </Link>
  ),
};
const TARGET: DataColumn<UpdateSummary> = {
  id: "target",
  header: "Target",
  sortValue: (u) => u.targetName,
  className: MUTED,
  cell: (u) => {
    const href = targetHref(u);
    return (
      <>
        {href ? (
          <Link href={href} className="hover:underline">
            {u.targetName}
          </Link>
        ) : (
          u.targetName
        )}{" "}
        <span className="text-xs text-zinc-400">{u.targetType}</span>
      </>
    );
  },
};
const REST: DataColumn<UpdateSummary>[] = [
  {
    id: "operator",
    header: "Operator",
    sortValue: (u) => u.operator?.username ?? u.via ?? "system",
    cell: (u) => u.operator?.username ?? u.via ?? "system",
    className: MUTED,
  },
  { id: "status", header: "Status", sortValue: (u) => u.status, cell: (u) => <UpdateStatusBadge status={u.status} success={u.success} /> },
  { id: "when", header: "When", sortValue: (u) => new Date(u.startedAt), cell: (u) => <TimeAgo at={u.startedAt} />, className: "text-zinc-500" },
];
const WITH_TARGET = [OPERATION, TARGET, ...REST];
const WITHOUT_TARGET = [OPERATION, ...REST];

type Outcome = "" | "running" | "success" | "failed";
type Trigger = "" | "user" | "schedule" | "webhook";

/** The Update log, globally or for one resource; newest first, paged by cursor, filtered by outcome and trigger. */
export function UpdateList({ targetType, targetId }: { targetType?: string; targetId?: string }) {
  const [outcome, setOutcome] = useState<Outcome>("");
  const [trigger, setTrigger] = useState<Trigger>("");
  const filters = { targetType, targetId, outcome: outcome || undefined, trigger: trigger || undefined };
  const query = useInfiniteQuery({
    queryKey: updateKeys.list(filters),
    queryFn: ({ pageParam }) => api<UpdatePage>(urls.updates.list({ ...filters, cursor: pageParam })),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const bar = (
    <FilterBar className="mb-3">
      <Select aria-label="Outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
        <option value="">Any outcome</option>
        <option value="running">Running</option>
        <option value="success">Succeeded</option>
        <option value="failed">Failed</option>
      </Select>
      <Select aria-label="Started by" value={trigger} onChange={(e) => setTrigger(e.target.value as Trigger)}>
        <option value="">Started by anyone</option>
        <option value="user">A person</option>
        <option value="schedule">A schedule</option>
        <option value="webhook">A webhook</option>
      </Select>
    </FilterBar>
  );
  if (query.isLoading)
    return (
      <>
        {bar}
        <Spinner label="Loading updates" />
      </>
    );
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return (
    <>
      {bar}
      <DataTable
        data={items}
        columns={targetId ? WITHOUT_TARGET : WITH_TARGET}
        rowKey={(u) => u.id}
        testId="update-table"
        empty={
          outcome || trigger ? (
            <EmptyState title="No matching updates" description="Nothing matches these filters." />
          ) : (
            <EmptyState title="No updates yet" description="Every change and execution is recorded here." />
          )
        }
        // Paged by the server ("Load more"); everything loaded stays on one page, virtualised when long.
        pageSize={false}
        footer={<LoadMore query={query} />}
      />
    </>
  );
}
