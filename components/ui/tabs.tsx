"use client";

import { useSearchParams } from "next/navigation";
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "./cn";
import { tabIndexAfterKey } from "./table-math";

export type TabItem<Id extends string = string> = { id: Id; label: ReactNode };

/**
 * The selected tab, optionally mirrored in `?tab=` so a link can open a tab directly and the URL says
 * which one is showing. An unknown or missing `?tab=` falls back to the first tab.
 */
export function useTabState<Id extends string>(tabs: readonly TabItem<Id>[], { syncParam }: { syncParam?: boolean } = {}) {
  const params = useSearchParams();
  const wanted = syncParam ? params.get("tab") : null;
  const [chosen, setChosen] = useState<Id | null>(() => tabs.find((t) => t.id === wanted)?.id ?? null);
  // A tab can disappear (permissions, a template); fall back rather than show nothing.
  const current = tabs.find((t) => t.id === chosen)?.id ?? tabs[0]?.id;
  const select = (id: Id) => {
    setChosen(id);
    if (syncParam) {
      // history.replaceState (which Next.js integrates with) rather than router.replace: switching tabs
      // must not re-run the page's server component.
      const url = new URL(window.location.href);
      url.searchParams.set("tab", id);
      window.history.replaceState(null, "", url);
    }
  };
  return [current, select] as const;
}

/**
 * An accessible tablist (WAI-ARIA tabs, automatic activation): role=tab with aria-selected and
 * aria-controls, only the selected tab in the Tab order, Left/Right/Home/End move between tabs.
 * Render the selected panel inside <TabPanel> with the same idBase.
 */
export function Tabs<Id extends string>({
  tabs,
  value,
  onChange,
  idBase,
  className,
  tabClassName,
}: {
  tabs: readonly TabItem<Id>[];
  value: Id | undefined;
  onChange: (id: Id) => void;
  idBase: string;
  className?: string;
  tabClassName?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const to = tabIndexAfterKey(e.key, index, tabs.length);
    const tab = tabs[to];
    if (!tab) return;
    e.preventDefault();
    onChange(tab.id);
    refs.current[to]?.focus();
  };
  return (
    <div className={cn("flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800", className)} role="tablist">
      {tabs.map((t, i) => {
        const selected = t.id === value;
        return (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            id={`${idBase}-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={`${idBase}-panel`}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(t.id)}
            onKeyDown={(e) => onKeyDown(e, i)}
            className={cn(
              "-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500",
              selected
                ? "border-indigo-500 text-indigo-600 dark:text-indigo-400"
                : "border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200",
              tabClassName,
            )}
          >
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

export function TabPanel({ idBase, value, children, className }: { idBase: string; value: string | undefined; children: ReactNode; className?: string }) {
  return (
    <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={value ? `${idBase}-tab-${value}` : undefined} className={className}>
      {children}
    </div>
  );
}

/** A stable id prefix for one Tabs/TabPanel pair. */
export const useTabsId = () => useId().replace(/:/g, "");
