import { describe, expect, it } from "vitest";
import { redactionList, redactor } from "./redact";

describe("redactor", () => {
  it("hides every occurrence, longer values first", () => {
    expect(redactor(["abc", "abcdef", ""])("x=abcdef y=abc")).toBe("x=*** y=***");
  });

  it("hides the long lines of a multi-line value one by one, as logs carry them", () => {
    const pem = "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nxy\n-----END KEY-----";
    expect(redactionList([pem])).toContain("MIIEvQIBADANBgkqhkiG9w0B");
    expect(redactionList([pem])).not.toContain("xy");
    expect(redactor([pem])("line: MIIEvQIBADANBgkqhkiG9w0B")).toBe("line: ***");
  });

  it("leaves text alone without secrets", () => {
    expect(redactor([])("plain")).toBe("plain");
  });
});
