"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { api } from "@/lib/client/api";
import { updateKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { isResourceTypeKey, resourceType } from "@/lib/resources/registry";
import { Button } from "../ui/button";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import { UpdateStatusBadge } from "./status-badge";
import type { UpdatePage, UpdateSummary } from "@/lib/updates/types";

export function targetHref(u: Pick<UpdateSummary, "targetType" | "targetId">): string | null {
  if (u.targetId && isResourceTypeKey(u.targetType)) return `/${resourceType(u.targetType).plural}/${u.targetId}`;
  return null;
}

/** The Update log, globally or for one resource; newest first, paged by cursor. */
export function UpdateList({ targetType, targetId }: { targetType?: string; targetId?: string }) {
  const query = useInfiniteQuery({
    queryKey: updateKeys.list({ targetType, targetId }),
    queryFn: ({ pageParam }) => api<UpdatePage>(urls.updates.list({ targetType, targetId, cursor: pageParam })),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (query.isLoading) return <Spinner label="Loading updates" />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (items.length === 0) return <EmptyState title="No updates yet" description="Every change and execution is recorded here." />;
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-sm">
        <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-950">
          <tr>
            <th className="px-4 py-2 font-medium">Operation</th>
            {!targetId ? <th className="px-4 py-2 font-medium">Target</th> : null}
            <th className="px-4 py-2 font-medium">Operator</th>
            <th className="px-4 py-2 font-medium">Status</th>
            <th className="px-4 py-2 font-medium">When</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {items.map((u) => {
            const href = targetHref(u);
            return (
              <tr key={u.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                <td className="px-4 py-2">
                  <Link href={`/updates/${u.id}`} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
                    {u.operation}
                  </Link>
                </td>
                {!targetId ? (
                  <td className="px-4 py-2 text-zinc-600 dark:text-zinc-400">
                    {href ? (
                      <Link href={href} className="hover:underline">
                        {u.targetName}
                      </Link>
                    ) : (
                      u.targetName
                    )}{" "}
                    <span className="text-xs text-zinc-400">{u.targetType}</span>
                  </td>
                ) : null}
                <td className="px-4 py-2 text-zinc-600 dark:text-zinc-400">{u.operator?.username ?? "system"}</td>
                <td className="px-4 py-2">
                  <UpdateStatusBadge status={u.status} success={u.success} />
                </td>
                <td className="px-4 py-2 text-zinc-500">
                  <TimeAgo at={u.startedAt} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {query.hasNextPage ? (
        <div className="border-t border-zinc-200 p-2 text-center dark:border-zinc-800">
          <Button variant="ghost" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
