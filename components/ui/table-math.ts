/**
 * Pure helpers behind DataTable and Tabs: how two cell values compare when sorting, what the pager
 * shows, and where arrow keys move in a tablist.
 * Kept free of React so they are unit-tested on their own.
 */

/** A value a column sorts by; null/undefined/"" mean "no value" and always sort last. */
export type SortValue = string | number | boolean | Date | null | undefined;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

const isBlank = (v: SortValue): v is null | undefined | "" => v === null || v === undefined || v === "";

/**
 * Ascending comparison (the table reverses it for descending). Numbers and dates compare numerically,
 * strings naturally ("node2" before "node10", case-insensitive), booleans false before true.
 * Blank values compare equal to each other and after everything else; DataTable keeps them last in
 * both directions by turning them into `undefined` (sortUndefined: "last").
 */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (isBlank(a) || isBlank(b)) return isBlank(a) === isBlank(b) ? 0 : isBlank(a) ? 1 : -1;
  const x = a instanceof Date ? a.getTime() : typeof a === "boolean" ? Number(a) : a;
  const y = b instanceof Date ? b.getTime() : typeof b === "boolean" ? Number(b) : b;
  if (typeof x === "number" && typeof y === "number") return x === y ? 0 : x < y ? -1 : 1;
  return collator.compare(String(x), String(y));
}

/** The page-size choices offered; 0 means "all rows" (virtualised past VIRTUALISE_AFTER). */
export const PAGE_SIZES = [25, 50, 100, 0] as const;

/** Above this many rendered rows only the visible ones are mounted. */
export const VIRTUALISE_AFTER = 300;

export type PageInfo = { pageIndex: number; pageCount: number; first: number; last: number; total: number };

/**
 * Which rows a page holds, 1-based for display ("26–50 of 120"). A pageIndex past the end (rows were
 * filtered away or deleted) clamps to the last page; pageSize 0 means one page of everything.
 */
export function pageInfo(total: number, pageIndex: number, pageSize: number): PageInfo {
  if (total <= 0) return { pageIndex: 0, pageCount: 1, first: 0, last: 0, total: 0 };
  const size = pageSize > 0 ? pageSize : total;
  const pageCount = Math.ceil(total / size);
  const index = Math.min(Math.max(0, Math.floor(pageIndex)), pageCount - 1);
  return { pageIndex: index, pageCount, first: index * size + 1, last: Math.min(total, (index + 1) * size), total };
}

/**
 * Where a key press moves focus in a tablist of `count` tabs (WAI-ARIA tabs pattern): Left/Right wrap
 * around, Home/End go to the ends; -1 for any other key (left to the browser).
 */
export function tabIndexAfterKey(key: string, index: number, count: number): number {
  if (count <= 0) return -1;
  const last = count - 1;
  switch (key) {
    case "ArrowRight":
      return index >= last ? 0 : index + 1;
    case "ArrowLeft":
      return index <= 0 ? last : index - 1;
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return -1;
  }
}
