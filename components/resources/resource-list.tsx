"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus, Search } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { resourceKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { resourceType, type ResourceTypeKey } from "@/lib/resources/registry";
import type { ResourceView } from "@/lib/resources/view";
import { Badge } from "../ui/badge";
import { ButtonLink } from "../ui/button";
import { PageHeader } from "../ui/card";
import { cn } from "../ui/cn";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import { TagBadges, useTags } from "./tags";
import { RESOURCE_UI } from "./registry";
import { TypeIcon } from "./type-icon";

export function ResourceList({ typeKey, initial, canCreate }: { typeKey: ResourceTypeKey; initial: ResourceView[]; canCreate: boolean }) {
  const def = resourceType(typeKey);
  const [q, setQ] = useState("");
  const [tagFilter, setTagFilter] = useState<string[]>([]);
  const { data: tags = [] } = useTags();
  const filters = { q: q.trim() || undefined, tags: tagFilter.length ? tagFilter : undefined };
  const unfiltered = !filters.q && !filters.tags;
  const live = RESOURCE_UI[typeKey].columns ?? [];
  const query = useQuery({
    queryKey: resourceKeys.list(def.plural, filters),
    queryFn: () => {
      return api<ResourceView[]>(urls.resources.list(def.plural, { q: filters.q, tags: tagFilter }));
    },
    initialData: unfiltered ? initial : undefined,
    placeholderData: (previous) => previous,
    // Live columns (a Server's CPU, a container's state) change without an edit: refresh them now and then.
    refetchInterval: live.length ? 15_000 : false,
  });

  const newButton = canCreate ? (
    <ButtonLink href={`/${def.plural}/new`}>
      <Plus className="size-4" /> New {def.label.toLowerCase()}
    </ButtonLink>
  ) : null;

  const rows = query.data ?? [];
  const columns = rows[0] ? def.summary(rows[0].config as never).map(([label]) => label) : def.summary(def.config.parse({}) as never).map(([label]) => label);

  return (
    <div>
      <PageHeader icon={<TypeIcon type={typeKey} className="size-5" />} title={def.labelPlural} description={def.description} actions={newButton} />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <div className="relative w-full max-w-xs">
          <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-zinc-400" />
          <input
            type="search"
            placeholder={`Filter ${def.labelPlural.toLowerCase()}…`}
            aria-label={`Filter ${def.labelPlural.toLowerCase()}`}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            className="w-full rounded-md border-0 bg-white py-1.5 pl-8 pr-3 text-sm ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-indigo-500 dark:bg-zinc-900 dark:ring-zinc-700"
          />
        </div>
        {tags.length > 0 ? (
          <div className="flex flex-wrap items-center gap-1.5" aria-label="Filter by tag">
            {tags.map((tag) => {
              const on = tagFilter.includes(tag.id);
              return (
                <button key={tag.id} type="button" aria-pressed={on} onClick={() => setTagFilter(on ? tagFilter.filter((t) => t !== tag.id) : [...tagFilter, tag.id])}>
                  <Badge tone={on ? tag.color : "slate"} className={cn(!on && "opacity-70")}>
                    {tag.name}
                  </Badge>
                </button>
              );
            })}
          </div>
        ) : null}
      </div>
      {query.isError ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : query.isLoading ? (
        <Spinner />
      ) : rows.length === 0 ? (
        <EmptyState
          title={unfiltered ? `No ${def.labelPlural.toLowerCase()} yet` : "Nothing matches these filters"}
          description={unfiltered ? def.description : "Try another search or clear the tag filter."}
          action={unfiltered ? newButton : null}
        />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm" data-testid="resource-table">
            <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-950">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                {live.map((c) => (
                  <th key={c.label} className="px-4 py-2 font-medium">
                    {c.label}
                  </th>
                ))}
                {columns.map((c) => (
                  <th key={c} className="px-4 py-2 font-medium">
                    {c}
                  </th>
                ))}
                <th className="px-4 py-2 font-medium">Tags</th>
                <th className="px-4 py-2 font-medium">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {rows.map((r) => (
                <tr key={r.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                  <td className="px-4 py-2.5">
                    <Link href={`/${def.plural}/${r.id}`} className="font-medium text-zinc-900 hover:text-indigo-600 dark:text-zinc-100 dark:hover:text-indigo-400">
                      {r.name}
                    </Link>
                    {r.template ? (
                      <Badge tone="violet" className="ml-2">
                        Template
                      </Badge>
                    ) : null}
                    {r.description ? <p className="max-w-xs truncate text-xs text-zinc-500">{r.description}</p> : null}
                  </td>
                  {live.map((c) => (
                    <td key={c.label} className="whitespace-nowrap px-4 py-2.5 text-zinc-600 dark:text-zinc-400">
                      {c.cell(r)}
                    </td>
                  ))}
                  {def.summary(r.config as never).map(([label, value]) => (
                    <td key={label} className="max-w-[16rem] truncate px-4 py-2.5 text-zinc-600 dark:text-zinc-400">
                      {value}
                    </td>
                  ))}
                  <td className="px-4 py-2.5">
                    <TagBadges ids={r.tags} />
                  </td>
                  <td className="px-4 py-2.5 text-zinc-500">
                    <TimeAgo at={r.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
