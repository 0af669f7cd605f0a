"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { api } from "@/lib/client/api";
import { resourceKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { ResourceTypeKey } from "@/lib/resources/define";
// Names, not the registry: its config schemas (and zod) would double this page's first load.
import { TYPE_NAMES } from "@/lib/resources/names";
import type { ResourceView } from "@/lib/resources/view";
import { Badge } from "../ui/badge";
import { ButtonLink } from "../ui/button";
import { PageHeader } from "../ui/card";
import { cn } from "../ui/cn";
import { DataTable, type DataColumn } from "../ui/data-table";
import { FilterBar, SearchInput } from "../ui/filter-bar";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import { TagBadges, useTags } from "./tags";
import { RESOURCE_UI, type ListColumn } from "./registry";
import { TypeIcon } from "./type-icon";

// Stable empties: DataTable re-derives its rows and columns when these change identity.
const NO_ROWS: ResourceView[] = [];
const NO_LIVE: ListColumn[] = [];
const MUTED = "text-zinc-600 dark:text-zinc-400";
const summaryValue = (pairs: [string, string][], label: string) => pairs.find(([l]) => l === label)?.[1] ?? "";

/** Name, the type's live columns, its config summary columns, Tags, Updated. */
function listColumns(plural: string, live: ListColumn[], summary: string[]): DataColumn<ResourceView>[] {
  return [
    {
      id: "name",
      header: "Name",
      sortValue: (r) => r.name,
      cell: (r) => (
        <>
          <Link href={`/${plural}/${r.id}`} className="font-medium text-zinc-900 hover:text-indigo-600 dark:text-zinc-100 dark:hover:text-indigo-400">
            {r.name}
          </Link>
          {r.template ? (
            <Badge tone="violet" className="ml-2">
              Template
            </Badge>
          ) : null}
          {r.description ? <p className="max-w-xs truncate text-xs text-zinc-500">{r.description}</p> : null}
        </>
      ),
    },
    ...live.map((c): DataColumn<ResourceView> => ({ id: `live:${c.label}`, header: c.label, cell: c.cell, className: cn("whitespace-nowrap", MUTED) })),
    ...summary.map((label): DataColumn<ResourceView> => ({
      id: `summary:${label}`,
      header: label,
      sortValue: (r) => summaryValue(r.summary, label),
      cell: (r) => summaryValue(r.summary, label),
      className: cn("max-w-[16rem] truncate", MUTED),
    })),
    { id: "tags", header: "Tags", cell: (r) => <TagBadges ids={r.tags} /> },
    { id: "updated", header: "Updated", sortValue: (r) => new Date(r.updatedAt), cell: (r) => <TimeAgo at={r.updatedAt} />, className: "text-zinc-500" },
  ];
}

export function ResourceList({
  typeKey,
  description,
  initial,
  canCreate,
}: {
  typeKey: ResourceTypeKey;
  /** The type's description (from the registry, which this component doesn't load). */
  description: string;
  initial: ResourceView[];
  canCreate: boolean;
}) {
  const def = { ...TYPE_NAMES[typeKey], description };
  const [q, setQ] = useState("");
  const [tagFilter, setTagFilter] = useState<string[]>([]);
  const { data: tags = [] } = useTags();
  const filters = { q: q.trim() || undefined, tags: tagFilter.length ? tagFilter : undefined };
  const unfiltered = !filters.q && !filters.tags;
  const live = RESOURCE_UI[typeKey].columns ?? NO_LIVE;
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

  const rows = query.data ?? NO_ROWS;
  // The summary's labels (the server computes each row's summary); with no rows the table isn't shown.
  const summaryKey = (rows[0]?.summary ?? []).map(([label]) => label).join("\u0000");
  const plural = TYPE_NAMES[typeKey].plural;
  const columns = useMemo(() => listColumns(plural, live, summaryKey ? summaryKey.split("\u0000") : []), [plural, live, summaryKey]);

  return (
    <div>
      <PageHeader icon={<TypeIcon type={typeKey} className="size-5" />} title={def.labelPlural} description={def.description} actions={newButton} />
      <FilterBar className="mb-4">
        <SearchInput label={`Filter ${def.labelPlural.toLowerCase()}`} placeholder={`Filter ${def.labelPlural.toLowerCase()}…`} value={q} onChange={setQ} />
        {tags.length > 0 ? (
          <div className="flex flex-wrap items-center gap-1.5" aria-label="Filter by tag">
            {tags.map((tag) => {
              const on = tagFilter.includes(tag.id);
              return (
                <button
                  key={tag.id}
                  type="button"
                  aria-pressed={on}
                  onClick={() => setTagFilter(on ? tagFilter.filter((t) => t !== tag.id) : [...tagFilter, tag.id])}
                >
                  <Badge tone={on ? tag.color : "slate"} className={cn(!on && "opacity-70")}>
                    {tag.name}
                  </Badge>
                </button>
              );
            })}
          </div>
        ) : null}
      </FilterBar>
      {query.isError ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : query.isLoading ? (
        <Spinner />
      ) : (
        <DataTable
          data={rows}
          columns={columns}
          rowKey={(r) => r.id}
          testId="resource-table"
          empty={
            <EmptyState
              title={unfiltered ? `No ${def.labelPlural.toLowerCase()} yet` : "Nothing matches these filters"}
              description={unfiltered ? def.description : "Try another search or clear the tag filter."}
              action={unfiltered ? newButton : null}
            />
          }
        />
      )}
    </div>
  );
}
