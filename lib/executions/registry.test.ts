import "@/tests/helpers/unit-env";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "./operations";
import { EXECUTIONS } from "./registry";

describe("execution registry", () => {
  it("has a runner for every operation the UI offers, and offers every runner", () => {
    for (const [type, ops] of Object.entries(OPERATIONS)) {
      const runners = Object.keys(EXECUTIONS[type as keyof typeof EXECUTIONS] ?? {}).sort();
      expect(runners, type).toEqual(ops!.map((o) => o.operation).sort());
    }
    expect(Object.keys(EXECUTIONS).sort()).toEqual(Object.keys(OPERATIONS).sort());
  });
});
