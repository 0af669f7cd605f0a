import { describe, expect, it } from "vitest";
import { fieldErrors } from "../../validation";
import { serverConfig } from "./schema";

const errorsOf = (input: unknown) => {
  const r = serverConfig.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
};

describe("server config", () => {
  it("a warning threshold may not exceed its critical one, per metric", () => {
    expect(errorsOf({ cpuWarning: 95, cpuCritical: 90 })).toEqual({ cpuWarning: ["Warning threshold must not exceed the critical one"] });
    expect(Object.keys(errorsOf({ memoryWarning: 80, memoryCritical: 70, diskWarning: 50, diskCritical: 40 })).sort()).toEqual([
      "diskWarning",
      "memoryWarning",
    ]);
    expect(errorsOf({ cpuWarning: 90, cpuCritical: 90 })).toEqual({});
  });

  it("compares against the defaults when only one side is given", () => {
    expect(errorsOf({ cpuWarning: 95 })).toEqual({ cpuWarning: ["Warning threshold must not exceed the critical one"] });
  });

  it("checks maintenance windows and links", () => {
    const errors = errorsOf({ maintenanceWindows: [{ name: "", hour: 25, durationMinutes: 10 }], links: ["not a url"] });
    expect(Object.keys(errors).sort()).toEqual(["links.0", "maintenanceWindows.0.hour", "maintenanceWindows.0.name"]);
  });
});
