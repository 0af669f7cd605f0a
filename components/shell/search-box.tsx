"use client";

import { useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api } from "@/lib/client/api";
import { searchKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { SearchHit as Hit } from "@/lib/search";
import { TypeIcon } from "../resources/type-icon";
import { cn } from "../ui/cn";

function useDebounced(value: string, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export function SearchBox() {
  const router = useRouter();
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const term = useDebounced(q.trim(), 150);
  const { data: hits = [], isFetching } = useQuery({
    queryKey: searchKeys.query(term),
    queryFn: () => api<Hit[]>(urls.search(term)),
    enabled: term.length > 0,
  });

  const go = (hit: Hit) => {
    setOpen(false);
    setQ("");
    router.push(`/${hit.plural}/${hit.id}`);
  };

  return (
    <div className="relative w-full max-w-md">
      <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-zinc-400" />
      <input
        type="search"
        value={q}
        placeholder="Search resources…"
        aria-label="Search resources"
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, hits.length - 1));
          if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          if (e.key === "Enter" && hits[active]) go(hits[active]);
          if (e.key === "Escape") setOpen(false);
        }}
        className="w-full rounded-md border-0 bg-zinc-100 py-1.5 pl-8 pr-3 text-sm ring-1 ring-inset ring-transparent placeholder:text-zinc-500 focus:bg-white focus:ring-indigo-500 dark:bg-zinc-800 dark:focus:bg-zinc-900"
      />
      {open && term ? (
        <div className="absolute z-30 mt-1 w-full overflow-hidden rounded-md border border-zinc-200 bg-white shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          {hits.length === 0 ? (
            <p className="px-3 py-2 text-sm text-zinc-500">{isFetching ? "Searching…" : "No matches"}</p>
          ) : (
            <ul role="listbox">
              {hits.map((hit, i) => (
                <li key={`${hit.type}-${hit.id}`} role="option" aria-selected={i === active}>
                  <button
                    type="button"
                    onMouseDown={() => go(hit)}
                    className={cn("flex w-full items-center gap-2 px-3 py-2 text-left text-sm", i === active && "bg-zinc-100 dark:bg-zinc-800")}
                  >
                    <TypeIcon type={hit.type} className="size-4 text-zinc-400" />
                    <span className="font-medium">{hit.name}</span>
                    <span className="ml-auto text-xs text-zinc-500">{hit.label}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
