"use client";

// DataTable for tables a page doesn't show on first paint (a tab opened later, a panel behind
// a click): TanStack Table (~12 KB gzipped) then loads with the table instead of with the page.
// Tables that are a page's main content import ./data-table directly.
import dynamic from "next/dynamic";
import type { DataTable } from "./data-table";
import { Spinner } from "./states";

export const LazyDataTable = dynamic(() => import("./data-table").then((m) => m.DataTable), {
  loading: () => <Spinner />,
}) as typeof DataTable;
