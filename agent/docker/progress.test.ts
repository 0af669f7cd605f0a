import { describe, expect, it } from "vitest";
import { redactor } from "./progress";

describe("redactor", () => {
  it("hides every occurrence of every value, longest first", () => {
    const redact = redactor(["abc", "abcdef", ""]);
    expect(redact("x=abcdef y=abc z=abcabc")).toBe("x=*** y=*** z=******");
  });

  it("leaves lines alone when there is nothing to hide", () => {
    expect(redactor([])("plain")).toBe("plain");
  });
});
