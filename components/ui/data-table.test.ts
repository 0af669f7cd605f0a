import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { prerender } from "react-dom/static";
import { describe, expect, it } from "vitest";
import { DataTable, type DataColumn, type DataTableProps } from "./data-table";

// No DOM in the unit project: the real component is rendered to HTML on the server, which covers what a
// first paint shows (order, aria-sort, the page slice, the virtual window, test ids).
type Row = { id: string; name: string; size: number | null };
const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, name: `node${i}`, size: i % 7 === 0 ? null : i }));
const columns: DataColumn<Row>[] = [
  { id: "name", header: "Name", cell: (r) => r.name, sortValue: (r) => r.name },
  { id: "size", header: "Size", cell: (r) => String(r.size ?? "—"), sortValue: (r) => r.size },
  { id: "actions", header: "", cell: () => "x" },
];
const render = (props: Partial<DataTableProps<Row>> & { data: Row[] }) =>
  renderToStaticMarkup(createElement(DataTable<Row>, { columns, rowKey: (r) => r.id, testId: "t", rowTestId: (r) => `row-${r.id}`, ...props }));
// Waits for lazily loaded parts (the virtualiser), as Next's server render does.
const renderAll = async (props: Partial<DataTableProps<Row>> & { data: Row[] }) => {
  const { prelude } = await prerender(createElement(DataTable<Row>, { columns, rowKey: (r) => r.id, testId: "t", rowTestId: (r) => `row-${r.id}`, ...props }));
  return new Response(prelude).text();
};
const renderedRows = (html: string) => [...html.matchAll(/data-testid="row-(r\d+)"/g)].map((m) => m[1]);

describe("DataTable", () => {
  it("shows the empty slot instead of a table when there are no rows", () => {
    const html = render({ data: [], empty: createElement("p", null, "Nothing here") });
    expect(html).toContain("Nothing here");
    expect(html).not.toContain("<table");
  });

  it("passes data-testid through to the table and rows, and marks sortable headers", () => {
    const html = render({ data: rows(3) });
    expect(html).toContain('data-testid="t"');
    expect(renderedRows(html)).toEqual(["r0", "r1", "r2"]);
    expect(html.match(/aria-sort="none"/g)).toHaveLength(2); // Name and Size, not the actions column
  });

  it("sorts by the initial column, numbers numerically and blanks last even descending", () => {
    const html = render({ data: rows(15), initialSort: { id: "size", desc: true }, pageSize: false });
    expect(html).toContain('aria-sort="descending"');
    const order = renderedRows(html);
    expect(order.slice(0, 3)).toEqual(["r13", "r12", "r11"]);
    expect(order.slice(-3).sort()).toEqual(["r0", "r14", "r7"]);
  });

  it("shows one page and says where it is", () => {
    const html = render({ data: rows(120), pageSize: 25 });
    expect(renderedRows(html)).toHaveLength(25);
    expect(html).toContain("1–25 of 120");
    expect(html).toContain("Rows per page");
  });

  it("mounts only a window of rows past the virtualisation threshold", async () => {
    const html = await renderAll({ data: rows(1000), pageSize: false });
    const shown = renderedRows(html);
    expect(shown[0]).toBe("r0");
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(100);
    expect(html).not.toContain("Rows per page");
    expect(html).toMatch(/<tr aria-hidden="true" style="height:\d+px"><\/tr>/); // the spacer standing in for the rows below
  });
});
