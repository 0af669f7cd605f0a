import { describe, expect, it } from "vitest";
import { fieldErrors } from "../../validation";
import { procedureConfig } from "./schema";

const errorsOf = (input: unknown) => {
  const r = procedureConfig.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
};

const stage = (...executions: unknown[]) => ({ stages: [{ name: "one", executions }] });

describe("procedure config", () => {
  it("parameterised steps take their params, and nothing else does", () => {
    expect(errorsOf(stage({ operation: "Sleep", params: { durationMs: "5s" } }))).toEqual({
      "stages.0.executions.0.params.durationMs": ["Invalid input: expected number, received string"],
    });
    expect(errorsOf(stage({ operation: "Sleep", params: { durationMs: 500 } }))).toEqual({});
    expect(errorsOf(stage({ operation: "Sleep", target: "x", params: { durationMs: 500 } }))).toEqual({
      "stages.0.executions.0.target": ["Sleep takes its parameters in params, not a target"],
    });
    expect(errorsOf(stage({ operation: "Deploy", target: "web", params: { x: 1 } }))).toEqual({
      "stages.0.executions.0.params": ["Deploy takes no parameters"],
    });
    expect(Object.keys(errorsOf(stage({ operation: "KubeScale", params: { cluster: "c", namespace: "n", name: "web" } })))).toEqual([
      "stages.0.executions.0.params.replicas",
    ]);
  });

  it("targets are names, patterns or tags, and a bad regex is refused", () => {
    expect(errorsOf(stage({ operation: "Deploy", target: "prod-*" }, { operation: "RunBuild", target: "tag:nightly" }))).toEqual({});
    const errors = errorsOf(stage({ operation: "Deploy", target: "web" }, { operation: "Deploy", target: "\\(bad\\" }));
    expect(Object.keys(errors)).toEqual(["stages.0.executions.1.target"]);
    expect(errors["stages.0.executions.1.target"]?.[0]).toMatch(/^Invalid regular expression/);
  });

  it("an enabled schedule needs one, and cron needs five or six fields", () => {
    expect(errorsOf({ scheduleEnabled: true })).toEqual({ schedule: ["An enabled schedule needs a schedule"] });
    expect(errorsOf({ scheduleFormat: "cron", schedule: "0 3 * *" })).toEqual({
      schedule: ["A cron schedule has 5 fields (minute hour day month weekday) or 6 with seconds first; this one has 4"],
    });
    expect(errorsOf({ scheduleFormat: "cron", schedule: "0 3 * * *", scheduleEnabled: true })).toEqual({});
  });
});
