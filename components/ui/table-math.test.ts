import { describe, expect, it } from "vitest";
import { compareSortValues, pageInfo, tabIndexAfterKey, type SortValue } from "./table-math";

const sorted = (values: SortValue[]) => [...values].sort(compareSortValues);

describe("compareSortValues", () => {
  it("sorts strings naturally and case-insensitively", () => {
    expect(sorted(["node10", "Node2", "node1", "alpha"])).toEqual(["alpha", "node1", "Node2", "node10"]);
  });
  it("sorts numbers numerically, not as text", () => {
    expect(sorted([10, 9, 100, -1, 0])).toEqual([-1, 0, 9, 10, 100]);
  });
  it("sorts dates by time and booleans false first", () => {
    const a = new Date("2026-01-01"),
      b = new Date("2025-06-01");
    expect(sorted([a, b])).toEqual([b, a]);
    expect(sorted([true, false, true])).toEqual([false, true, true]);
  });
  it("puts blank values after every real value", () => {
    // (Array#sort itself moves undefined to the end, so it is checked pairwise.)
    expect(sorted([null, "b", "", "a"])).toEqual(["a", "b", null, ""]);
    expect(compareSortValues(undefined, "a")).toBeGreaterThan(0);
    expect(compareSortValues(null, undefined)).toBe(0);
  });
});

describe("pageInfo", () => {
  it("describes a middle page 1-based", () => {
    expect(pageInfo(120, 1, 25)).toEqual({ pageIndex: 1, pageCount: 5, first: 26, last: 50, total: 120 });
  });
  it("ends the last page at the row count", () => {
    expect(pageInfo(120, 4, 25)).toMatchObject({ first: 101, last: 120 });
  });
  it("clamps an index past the end to the last page (rows were filtered away)", () => {
    expect(pageInfo(30, 7, 25)).toMatchObject({ pageIndex: 1, pageCount: 2, first: 26, last: 30 });
  });
  it("treats page size 0 as one page of everything", () => {
    expect(pageInfo(1000, 3, 0)).toEqual({ pageIndex: 0, pageCount: 1, first: 1, last: 1000, total: 1000 });
  });
  it("has one empty page when there are no rows", () => {
    expect(pageInfo(0, 2, 25)).toEqual({ pageIndex: 0, pageCount: 1, first: 0, last: 0, total: 0 });
  });
});

describe("tabIndexAfterKey", () => {
  it("moves right and left, wrapping at both ends", () => {
    expect(tabIndexAfterKey("ArrowRight", 0, 3)).toBe(1);
    expect(tabIndexAfterKey("ArrowRight", 2, 3)).toBe(0);
    expect(tabIndexAfterKey("ArrowLeft", 1, 3)).toBe(0);
    expect(tabIndexAfterKey("ArrowLeft", 0, 3)).toBe(2);
  });
  it("jumps to the ends with Home and End", () => {
    expect(tabIndexAfterKey("Home", 2, 4)).toBe(0);
    expect(tabIndexAfterKey("End", 0, 4)).toBe(3);
  });
  it("leaves other keys to the browser", () => {
    expect(tabIndexAfterKey("Enter", 1, 3)).toBe(-1);
    expect(tabIndexAfterKey("ArrowRight", 0, 0)).toBe(-1);
  });
});
