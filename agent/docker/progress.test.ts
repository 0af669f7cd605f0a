import { describe, expect, it } from "vitest";
import { redactingLog, redactor } from "./progress";

describe("redactor", () => {
  it("hides every occurrence of every value, longest first", () => {
    const redact = redactor(["abc", "abcdef", ""]);
    expect(redact("x=abcdef y=abc z=abcabc")).toBe("x=*** y=*** z=******");
  });

  it("leaves lines alone when there is nothing to hide", () => {
    expect(redactor([])("plain")).toBe("plain");
  });

  it("hides a multi-line secret (a PEM key) line by line in command output, as core does in container logs", () => {
    const lines: string[] = [];
    const log = redactingLog((_stage, _stream, line) => lines.push(line), ["-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0\n-----END KEY-----"]);
    log("run", "stdout", "MIIEvQIBADANBgkqhkiG9w0");
    expect(lines).toEqual(["***"]);
  });
});
