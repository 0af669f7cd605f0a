import { describe, expect, it } from "vitest";
import { procedureConfig } from "../resources/procedure/schema";
import { fieldErrors } from "../validation";
import { compile, COUNT_CAP, cronOf, englishToCron, nextRuns, scheduleIssues, ticksBetween, type ScheduleConfig } from "./parse";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const cron = (schedule: string, scheduleTimezone = "UTC"): ScheduleConfig => ({ scheduleFormat: "cron", schedule, scheduleTimezone });
const english = (schedule: string, scheduleTimezone = "UTC"): ScheduleConfig => ({ scheduleFormat: "english", schedule, scheduleTimezone });
const messages = (config: ScheduleConfig) => scheduleIssues(config).map((i) => `${i.field}: ${i.message}`);

describe("cron schedules (croner)", () => {
  it("reads six fields as seconds first, and five as whole minutes", () => {
    const from = new Date("2026-03-27T12:00:03Z");
    expect(iso(nextRuns(cron("*/10 * * * * *"), 3, from))).toEqual(["2026-03-27T12:00:10.000Z", "2026-03-27T12:00:20.000Z", "2026-03-27T12:00:30.000Z"]);
    expect(iso(nextRuns(cron("*/15 * * * *"), 2, from))).toEqual(["2026-03-27T12:15:00.000Z", "2026-03-27T12:30:00.000Z"]);
    expect(cronOf({ scheduleFormat: "cron", schedule: "  0  3 * * * " })).toBe("0 3 * * *");
  });

  it("refuses a wrong number of fields and values out of range, saying which", () => {
    expect(messages(cron("0 3 * *"))).toEqual([
      "schedule: A cron schedule has 5 fields (minute hour day month weekday) or 6 with seconds first; this one has 4",
    ]);
    expect(messages(cron("0 0 3 * * * 2026"))).toEqual([
      "schedule: A cron schedule has 5 fields (minute hour day month weekday) or 6 with seconds first; this one has 7",
    ]);
    expect(messages(cron("0 25 * * *"))).toEqual(['schedule: Not a valid cron expression ("0 25 * * *"): Invalid value for hour: 25']);
    expect(messages(cron("61 * * * *"))).toEqual(['schedule: Not a valid cron expression ("61 * * * *"): Invalid value for minute: 61']);
    expect(messages(cron("*/0 * * * *"))[0]).toMatch(/^schedule: Not a valid cron expression \("\*\/0 \* \* \* \*"\): .*stepping/);
  });
});

describe("plain English schedules", () => {
  it.each([
    ["every second", "* * * * * *"],
    ["every minute", "0 * * * * *"],
    ["every hour", "0 0 * * * *"],
    ["every 10 seconds", "*/10 * * * * *"],
    ["every 15 minutes", "0 */15 * * * *"],
    ["Every  1 minute", "0 * * * * *"],
    ["every 6 hours", "0 0 */6 * * *"],
    ["every day at 03:00", "0 0 3 * * *"],
    ["at 17:30", "0 30 17 * * *"],
    ["every weekday at 9:05", "0 5 9 * * 1-5"],
    ["every monday at 08:00", "0 0 8 * * 1"],
    ["every Friday, monday and wed at 23:59", "0 59 23 * * 1,3,5"],
    ["every month on the 1st at 00:15", "0 15 0 1 * *"],
    ["every month on the 22nd at 12:00", "0 0 12 22 * *"],
  ])("%s is %s", (text, expected) => {
    expect(englishToCron(text)).toBe(expected);
  });

  it("runs them at the times they say", () => {
    const from = new Date("2026-03-27T12:00:00Z"); // a Friday
    expect(iso(nextRuns(english("every weekday at 09:00"), 2, from))).toEqual(["2026-03-30T09:00:00.000Z", "2026-03-31T09:00:00.000Z"]);
    expect(iso(nextRuns(english("every month on the 1st at 06:00"), 2, from))).toEqual(["2026-04-01T06:00:00.000Z", "2026-05-01T06:00:00.000Z"]);
  });

  it("refuses what it doesn't understand, listing what it does", () => {
    const [unknown] = messages(english("twice a day"));
    expect(unknown).toMatch(
      /^schedule: "twice a day" is not a schedule Wheelhouse understands\. Use one of: "every second", .*"every day at HH:MM", .*"at HH:MM" — or a cron expression$/,
    );
    expect(messages(english("every blursday at 10:00"))[0]).toMatch(/^schedule: "blursday" is not a day of the week\. Use one of: /);
    expect(messages(english("every day at 25:00"))).toEqual(['schedule: "25:00" is not a time: write HH:MM in 24-hour time, e.g. 03:00 or 17:30']);
    expect(messages(english("every 7 minutes"))).toEqual([
      "schedule: Every 7 minutes doesn't divide an hour evenly: use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30, or a cron expression",
    ]);
    expect(messages(english("every 5 hours"))[0]).toMatch(/^schedule: Every 5 hours doesn't divide a day evenly/);
    expect(messages(english("every month on the 32nd at 01:00"))).toEqual(["schedule: A month has no day 32: use the 1st to the 31st"]);
    expect(messages(english("   "))).toEqual([]); // no schedule is not a bad one (the schema asks for one only when enabled)
  });
});

describe("timezones", () => {
  it("follows daylight saving time: a daily time keeps its wall clock", () => {
    // Berlin springs forward at 02:00 on 29 March 2026: 02:30 doesn't exist that day, so it runs at the first time after the gap.
    expect(iso(nextRuns(english("every day at 02:30", "Europe/Berlin"), 3, new Date("2026-03-27T12:00:00Z")))).toEqual([
      "2026-03-28T01:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]);
    // New York falls back on 1 November 2026: 09:00 is 13:00 UTC before and 14:00 UTC after.
    expect(iso(nextRuns(cron("0 9 * * *", "America/New_York"), 3, new Date("2026-10-31T00:00:00Z")))).toEqual([
      "2026-10-31T13:00:00.000Z",
      "2026-11-01T14:00:00.000Z",
      "2026-11-02T14:00:00.000Z",
    ]);
  });

  it("refuses a timezone Intl doesn't know, as well as a bad schedule, each on its field", () => {
    expect(messages(cron("0 25 * * *", "Mars/Olympus"))).toEqual([
      'scheduleTimezone: "Mars/Olympus" is not a timezone: use an IANA name such as UTC, Europe/Berlin or America/New_York',
      'schedule: Not a valid cron expression ("0 25 * * *"): Invalid value for hour: 25',
    ]);
    expect(messages(cron("0 3 * * *", ""))).toEqual(["scheduleTimezone: Name a timezone, e.g. UTC or Europe/Berlin"]);
  });
});

describe("the Procedure schema validates its schedule", () => {
  const errorsOf = (input: unknown) => {
    const r = procedureConfig.safeParse(input);
    return r.success ? {} : fieldErrors(r.error);
  };

  it("names the field of a bad cron, English or timezone", () => {
    expect(errorsOf({ scheduleFormat: "cron", schedule: "0 25 * * *" })).toEqual({
      schedule: ['Not a valid cron expression ("0 25 * * *"): Invalid value for hour: 25'],
    });
    expect(Object.keys(errorsOf({ scheduleFormat: "english", schedule: "sometimes" }))).toEqual(["schedule"]);
    expect(errorsOf({ schedule: "every day at 03:00", scheduleTimezone: "Nowhere/City" })).toEqual({
      scheduleTimezone: ['"Nowhere/City" is not a timezone: use an IANA name such as UTC, Europe/Berlin or America/New_York'],
    });
    expect(errorsOf({ scheduleFormat: "cron", schedule: "*/10 * * * * *", scheduleTimezone: "Europe/Berlin", scheduleEnabled: true })).toEqual({});
  });
});

describe("ticks between two times", () => {
  it("lists the ticks after the first time up to and including the second, and counts past the cap", () => {
    const c = compile(cron("*/10 * * * * *"));
    const due = ticksBetween(c, new Date("2026-03-27T12:00:00Z"), new Date("2026-03-27T12:00:30Z"));
    expect(iso(due.ticks)).toEqual(["2026-03-27T12:00:10.000Z", "2026-03-27T12:00:20.000Z", "2026-03-27T12:00:30.000Z"]);
    expect(due.count).toBe(3);
    expect(due.latest?.toISOString()).toBe("2026-03-27T12:00:30.000Z");
    expect(ticksBetween(c, new Date("2026-03-27T12:00:30Z"), new Date("2026-03-27T12:00:39.999Z"))).toEqual({ ticks: [], count: 0, latest: undefined });

    const everySecond = compile(english("every second"));
    const long = ticksBetween(everySecond, new Date("2026-03-27T00:00:00Z"), new Date("2026-03-28T00:00:00.500Z"));
    expect(long.ticks).toHaveLength(COUNT_CAP);
    expect(long.count).toBe(COUNT_CAP + 1);
    expect(long.latest?.toISOString()).toBe("2026-03-28T00:00:00.000Z");
  });
});
