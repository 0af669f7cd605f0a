import { describe, expect, it } from "vitest";
import { fitLine, jsonBytes, MAX_LINE_CHARS, pagesOf } from "./frames";

describe("pagesOf", () => {
  it("packs items in order into pages under the byte limit, and keeps an empty list as one empty page", () => {
    const items = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(1000, "x"));
    const pages = pagesOf(items, 10_000);
    expect(pages.flat()).toEqual(items);
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) expect(jsonBytes(page)).toBeLessThanOrEqual(10_000);
    expect(pagesOf([], 10_000)).toEqual([[]]);
  });

  it("counts JSON escaping, and gives an item over the limit a page of its own", () => {
    const escaped = "\u0001".repeat(1000); // 6 bytes each as JSON
    expect(pagesOf([escaped, escaped], 7000)).toEqual([[escaped], [escaped]]);
    const huge = "y".repeat(20_000);
    expect(pagesOf(["a", huge, "b"], 10_000)).toEqual([["a"], [huge], ["b"]]);
  });
});

describe("fitLine", () => {
  it("keeps ordinary lines and cuts an enormous one, saying how much was cut", () => {
    expect(fitLine("hello")).toBe("hello");
    const cut = fitLine("z".repeat(MAX_LINE_CHARS + 10));
    expect(cut.startsWith("z".repeat(MAX_LINE_CHARS))).toBe(true);
    expect(cut.endsWith("[10 more characters not shown]")).toBe(true);
  });
});
