"use client";

// The rows of a DataTable past VIRTUALISE_AFTER: only the visible window is mounted, with spacer
// rows above and below. A module of its own because data-table.tsx loads it lazily: most lists
// never get this long, and @tanstack/react-virtual is ~10 KB (gzipped) of every list page's first load.
import { useVirtualizer } from "@tanstack/react-virtual";
import type { ReactNode, RefObject } from "react";

const ROW_HEIGHT = 41;

export interface VirtualRowsProps<R extends { id: string }> {
  rows: readonly R[];
  /** The scrolling frame around the table. */
  scrollRef: RefObject<HTMLDivElement | null>;
  /** Renders one <tr>; `measure` goes on its ref so the window follows real row heights. */
  renderRow: (row: R, measure: (el: Element | null) => void) => ReactNode;
}

export default function VirtualRows<R extends { id: string }>({ rows, scrollRef, renderRow }: VirtualRowsProps<R>) {
  // The React Compiler is not enabled here; the rule only warns that it would skip this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => rows[i]?.id ?? i,
    overscan: 12,
    // Before the frame is measured (and on the server) render a first screenful, not nothing.
    initialRect: { width: 0, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const shown = items.map((i) => rows[i.index]).filter((r) => r !== undefined);
  const padTop = items[0] ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  return (
    <>
      {padTop > 0 ? <tr aria-hidden style={{ height: padTop }} /> : null}
      {shown.map((row) => renderRow(row, virtualizer.measureElement))}
      {padBottom > 0 ? <tr aria-hidden style={{ height: padBottom }} /> : null}
    </>
  );
}
