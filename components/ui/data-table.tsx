"use client";

import {
  createPaginatedRowModel,
  createSortedRowModel,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type PaginationState,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import { lazy, Suspense, useMemo, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";
import { Select } from "./field";
import { compareSortValues, PAGE_SIZES, pageInfo, VIRTUALISE_AFTER, type SortValue } from "./table-math";
import type { VirtualRowsProps } from "./virtual-rows";

// Loaded only when a list passes VIRTUALISE_AFTER rows, so the virtualiser isn't in every list page's
// first load. On the server it renders in the same pass (Next waits for it), so the HTML has the window.
const VirtualRows = lazy(() => import("./virtual-rows")) as <R extends { id: string }>(props: VirtualRowsProps<R>) => ReactNode;
/** What a long list shows while its virtualiser loads in the browser: about the first screenful. */
const FIRST_SCREEN = 32;

/** One column: what its header says, how a row renders in it, and (if sortable) what it sorts by. */
export type DataColumn<T extends RowData> = {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Present = the header sorts by this value; blanks (null, undefined, "") stay last either way. */
  sortValue?: (row: T) => SortValue;
  className?: string;
  headerClassName?: string;
};

export type DataTableProps<T extends RowData> = {
  data: readonly T[];
  columns: readonly DataColumn<T>[];
  /** A stable key per row (its id), so React and the virtualiser keep rows across refetches and sorts. */
  rowKey: (row: T) => string;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  /** data-testid of the <table>, and of each <tr> when rowTestId gives one (e2e selectors rely on both). */
  testId?: string;
  rowTestId?: (row: T) => string | undefined;
  /** Rows per page to start with; 0 = all rows; false = never page (e.g. a server-paged list with "Load more"). */
  pageSize?: number | false;
  initialSort?: { id: string; desc?: boolean };
  /** Under the table, inside its frame (a "Load more" button). */
  footer?: ReactNode;
  /** A bare table (inside a Card), without its own border and header band. */
  bare?: boolean;
  label?: string;
};

// Module scope: TanStack Table re-derives its row models when features change identity.
const features = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  sortedRowModel: createSortedRowModel(),
  paginatedRowModel: createPaginatedRowModel(),
});
type Features = typeof features;

/**
 * The app's one data table: click a header to sort (aria-sort says how), an empty-state slot,
 * client-side paging with a page-size choice, and past VIRTUALISE_AFTER rendered rows only the
 * visible rows are mounted (the header stays sticky in a scrolling frame).
 */
export function DataTable<T extends RowData>({
  data,
  columns,
  rowKey,
  empty,
  testId,
  rowTestId,
  pageSize = 50,
  initialSort,
  footer,
  bare,
  label,
}: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSort ? [{ id: initialSort.id, desc: !!initialSort.desc }] : []);
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: pageSize === false ? 0 : pageSize });
  const paged = pageSize !== false && pagination.pageSize > 0;
  // pageSize 0 ("all") is one page as long as the data.
  const effective = {
    pageIndex: paged ? pageInfo(data.length, pagination.pageIndex, pagination.pageSize).pageIndex : 0,
    pageSize: paged ? pagination.pageSize : Math.max(1, data.length),
  };

  const defs = useMemo<ColumnDef<Features, T>[]>(
    () =>
      columns.map((c) => {
        const sortValue = c.sortValue;
        return {
          id: c.id,
          // Blank → undefined so sortUndefined keeps it last in both directions.
          accessorFn: (row: T) => {
            const v = sortValue?.(row);
            return v === null || v === "" ? undefined : v;
          },
          enableSorting: !!sortValue,
          sortUndefined: "last" as const,
          sortFn: (a, b, id) => compareSortValues(a.getValue<SortValue>(id), b.getValue<SortValue>(id)),
        };
      }),
    [columns],
  );
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);

  const table = useTable({
    features,
    columns: defs,
    data: data as T[],
    getRowId: (row) => rowKey(row),
    state: { sorting, pagination: effective },
    onSortingChange: setSorting,
    onPaginationChange: (updater) =>
      setPagination((old) => {
        const next = typeof updater === "function" ? updater(old) : updater;
        // Keep "all" as 0 rather than the current row count the table was given.
        return paged ? next : { ...next, pageSize: 0 };
      }),
    autoResetPageIndex: false,
  });
  const rows = table.getRowModel().rows;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUALISE_AFTER;
  const renderRow = (row: (typeof rows)[number], measure?: (el: Element | null) => void) => (
    <tr
      key={row.id}
      data-testid={rowTestId?.(row.original)}
      data-index={measure ? row.index : undefined}
      ref={measure}
      className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
    >
      {row.getAllCells().map((cell) => {
        const col = byId.get(cell.column.id);
        return (
          <td key={cell.id} className={cn("py-2.5", bare ? "pr-4" : "px-4", col?.className)}>
            {col?.cell(row.original)}
          </td>
        );
      })}
    </tr>
  );

  if (data.length === 0 && empty !== undefined) return <>{empty}</>;
  const info = pageInfo(data.length, effective.pageIndex, paged ? pagination.pageSize : 0);
  const showPager = pageSize !== false && data.length > (PAGE_SIZES[0] ?? 25);

  return (
    <div className={cn(!bare && "rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900")}>
      <div ref={scrollRef} className={cn("overflow-x-auto", virtual && "max-h-[70vh] overflow-y-auto")}>
        <table className="w-full text-sm" data-testid={testId} aria-label={label}>
          <thead
            className={cn(
              "text-left text-xs uppercase tracking-wide text-zinc-500",
              !bare && "bg-zinc-50 dark:bg-zinc-950",
              virtual && "sticky top-0 z-10",
              virtual && bare && "bg-white dark:bg-zinc-900",
            )}
          >
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((h) => {
                  const col = byId.get(h.column.id);
                  const dir = h.column.getIsSorted();
                  const sortable = h.column.getCanSort();
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      aria-sort={sortable ? (dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none") : undefined}
                      className={cn("py-2 font-medium", bare ? "pr-4" : "px-4", col?.headerClassName)}
                    >
                      {sortable ? (
                        <button
                          type="button"
                          onClick={h.column.getToggleSortingHandler()}
                          className="inline-flex items-center gap-1 uppercase tracking-wide hover:text-zinc-800 dark:hover:text-zinc-200"
                        >
                          {col?.header}
                          {dir === "asc" ? (
                            <ArrowUp className="size-3" aria-hidden />
                          ) : dir === "desc" ? (
                            <ArrowDown className="size-3" aria-hidden />
                          ) : (
                            <ChevronsUpDown className="size-3 opacity-40" aria-hidden />
                          )}
                        </button>
                      ) : (
                        col?.header
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {virtual ? (
              <Suspense fallback={rows.slice(0, FIRST_SCREEN).map((row) => renderRow(row))}>
                <VirtualRows rows={rows} scrollRef={scrollRef} renderRow={renderRow} />
              </Suspense>
            ) : (
              rows.map((row) => renderRow(row))
            )}
          </tbody>
        </table>
      </div>
      {showPager ? (
        <div
          className={cn(
            "flex flex-wrap items-center justify-end gap-3 py-2 text-xs text-zinc-500",
            !bare && "border-t border-zinc-200 px-4 dark:border-zinc-800",
          )}
        >
          <label className="flex items-center gap-2">
            Rows per page
            <Select
              aria-label="Rows per page"
              className="w-20 py-1 text-xs"
              value={paged ? pagination.pageSize : 0}
              onChange={(e) => setPagination({ pageIndex: 0, pageSize: Number(e.target.value) })}
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n === 0 ? "All" : n}
                </option>
              ))}
            </Select>
          </label>
          <span className="tabular-nums" aria-live="polite">
            {info.first}–{info.last} of {info.total}
          </span>
          <Button variant="ghost" className="px-2 py-1 text-xs" disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>
            Previous
          </Button>
          <Button variant="ghost" className="px-2 py-1 text-xs" disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>
            Next
          </Button>
        </div>
      ) : null}
      {footer}
    </div>
  );
}
