import { describe, expect, it } from "vitest";
import { activeWindow, entryMatches, inWindow, wantsAlert, type RoutingConfig } from "./routing";

const base: RoutingConfig = { enabled: true, alertTypes: [], resourceAllow: [], resourceBlock: [], maintenanceWindows: [] };
const alert = { type: "ServerCpu", targetName: "prod-web-1" };

describe("alert routing", () => {
  it("takes every alert when the lists are empty, none when disabled", () => {
    expect(wantsAlert(base, alert, [])).toBe(true);
    expect(wantsAlert({ ...base, enabled: false }, alert, [])).toBe(false);
  });

  it("honours the alert-type allow-list", () => {
    expect(wantsAlert({ ...base, alertTypes: ["ServerCpu"] }, alert, [])).toBe(true);
    expect(wantsAlert({ ...base, alertTypes: ["BuildFailed"] }, alert, [])).toBe(false);
  });

  it("matches allow and block entries by exact name, wildcard, regex and tag; a block wins", () => {
    expect(entryMatches("prod-web-1", "prod-web-1", [])).toBe(true);
    expect(entryMatches("prod-*", "prod-web-1", [])).toBe(true);
    expect(entryMatches("\\prod-(web|db)-\\d\\", "prod-web-1", [])).toBe(true);
    expect(entryMatches("\\web\\", "prod-web-1", [])).toBe(false); // anchored
    expect(entryMatches("tag:prod", "x", ["prod"])).toBe(true);
    expect(entryMatches("tag:prod", "prod", ["staging"])).toBe(false);
    expect(wantsAlert({ ...base, resourceAllow: ["tag:prod"] }, alert, ["prod"])).toBe(true);
    expect(wantsAlert({ ...base, resourceAllow: ["tag:prod"] }, alert, [])).toBe(false);
    expect(wantsAlert({ ...base, resourceAllow: ["prod-*"], resourceBlock: ["*-1"] }, alert, [])).toBe(false);
    expect(wantsAlert({ ...base, resourceBlock: ["tag:quiet"] }, alert, ["quiet"])).toBe(false);
  });
});

describe("maintenance windows", () => {
  it("one-off windows cover [start, end)", () => {
    const w = { name: "upgrade", start: "2026-12-24T18:00:00Z", end: "2026-12-24T20:00:00+00:00" };
    expect(inWindow(w, new Date("2026-12-24T17:59:59Z"))).toBe(false);
    expect(inWindow(w, new Date("2026-12-24T18:00:00Z"))).toBe(true);
    expect(inWindow(w, new Date("2026-12-24T19:59:59Z"))).toBe(true);
    expect(inWindow(w, new Date("2026-12-24T20:00:00Z"))).toBe(false);
  });

  it("recurring windows follow the timezone's wall clock, across midnight and DST", () => {
    // Every day 23:30 Berlin for 60 minutes: 22:30–23:30 UTC in winter, 21:30–22:30 UTC in summer.
    const daily = { name: "nightly", hour: 23, minute: 30, durationMinutes: 60, timezone: "Europe/Berlin" };
    expect(inWindow(daily, new Date("2026-12-03T22:45:00Z"))).toBe(true);
    expect(inWindow(daily, new Date("2026-12-03T23:15:00Z"))).toBe(true); // after local midnight
    expect(inWindow(daily, new Date("2026-12-03T23:31:00Z"))).toBe(false);
    expect(inWindow(daily, new Date("2026-07-03T21:45:00Z"))).toBe(true);
    expect(inWindow(daily, new Date("2026-07-03T22:45:00Z"))).toBe(false);
    // Wednesdays 22:00 New York for 2 hours = Thursday 03:00–05:00 UTC in December.
    const weekly = { name: "wed", dayOfWeek: 3, hour: 22, durationMinutes: 120, timezone: "America/New_York" };
    expect(inWindow(weekly, new Date("2026-12-03T04:00:00Z"))).toBe(true); // Thu 04:00 UTC = Wed 23:00 NY
    expect(inWindow(weekly, new Date("2026-12-04T04:00:00Z"))).toBe(false); // a Thursday evening in NY
    expect(inWindow(weekly, new Date("2026-12-03T02:59:00Z"))).toBe(false);
  });

  it("names the window that applies", () => {
    const now = new Date("2026-12-24T19:00:00Z");
    expect(activeWindow([{ name: "a", start: "2026-12-25T00:00:00Z", end: "2026-12-26T00:00:00Z" }], now)).toBeUndefined();
    expect(activeWindow([{ name: "b", start: "2026-12-24T00:00:00Z", end: "2026-12-25T00:00:00Z" }], now)?.name).toBe("b");
  });
});
