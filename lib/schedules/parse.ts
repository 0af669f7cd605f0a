// A Procedure's schedule: cron (5 fields, or 6 with seconds first) read by croner — no cron
// parser of our own — or plain English turned into such a cron expression by the small grammar
// below, in an IANA timezone. Pure (croner and Intl only), so the form, the schema's superRefine
// and the scheduler (./scheduler.ts) all read schedules the same way.
//
// English grammar (case and extra spaces don't matter; HH:MM is 24-hour):
//   every second | every minute | every hour
//   every N seconds | every N minutes   (N divides 60: 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30)
//   every N hours                       (N divides 24)
//   every day at HH:MM | at HH:MM
//   every weekday at HH:MM              (Monday to Friday)
//   every monday[, wednesday and friday] at HH:MM   (full names or mon, tue, …)
//   every month on the 1st at HH:MM     (1st … 31st; a month without that day is skipped)
import { Cron } from "croner";

export type ScheduleFormat = "cron" | "english";

export interface ScheduleConfig {
  scheduleFormat: ScheduleFormat;
  schedule: string;
  scheduleTimezone: string;
}

/** A schedule that can't be read, naming the config field at fault. */
export class ScheduleError extends Error {
  constructor(
    readonly field: "schedule" | "scheduleTimezone",
    message: string,
  ) {
    super(message);
    this.name = "ScheduleError";
  }
}

export const ENGLISH_FORMS = [
  "every second",
  "every minute",
  "every hour",
  "every N seconds",
  "every N minutes",
  "every N hours",
  "every day at HH:MM",
  "every weekday at HH:MM",
  "every monday, wednesday and friday at HH:MM",
  "every month on the 1st at HH:MM",
  "at HH:MM",
] as const;

const UNSUPPORTED = `Use one of: ${ENGLISH_FORMS.map((f) => `"${f}"`).join(", ")} — or a cron expression`;

const DAYS: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};
const dayNumber = (word: string): number | undefined => {
  const w = word.replace(/s$/, ""); // "mondays"
  return DAYS[w] ?? Object.entries(DAYS).find(([name]) => w.length === 3 && name.startsWith(w))?.[1];
};

function clock(text: string): { h: number; m: number } {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new ScheduleError("schedule", `"${text}" is not a time: write HH:MM in 24-hour time, e.g. 03:00 or 17:30`);
  return { h: Number(match[1]), m: Number(match[2]) };
}

function every(n: number, unit: string): string {
  const whole = unit.startsWith("hour") ? 24 : 60;
  if (!Number.isInteger(n) || n < 1 || whole % n !== 0)
    throw new ScheduleError(
      "schedule",
      `Every ${n} ${unit} doesn't divide ${whole === 24 ? "a day" : unit.startsWith("second") ? "a minute" : "an hour"} evenly: use ${whole === 24 ? "1, 2, 3, 4, 6, 8 or 12" : "1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30"}, or a cron expression`,
    );
  const step = n === 1 ? "*" : `*/${n}`;
  if (unit.startsWith("second")) return `${step} * * * * *`;
  if (unit.startsWith("minute")) return `0 ${step} * * * *`;
  return `0 0 ${step} * * *`;
}

/** Plain English (the grammar above) as a six-field cron expression; throws ScheduleError naming what it supports. */
export function englishToCron(text: string): string {
  const s = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (!s) throw new ScheduleError("schedule", `The schedule is empty. ${UNSUPPORTED}`);
  let m: RegExpExecArray | null;
  if ((m = /^every (second|minute|hour)$/.exec(s))) return every(1, m[1]!);
  if ((m = /^every (\d+) (seconds?|minutes?|hours?)$/.exec(s))) return every(Number(m[1]), m[2]!);
  if ((m = /^(?:every day )?at (\S+)$/.exec(s))) {
    const { h, m: min } = clock(m[1]!);
    return `0 ${min} ${h} * * *`;
  }
  if ((m = /^every weekday at (\S+)$/.exec(s))) {
    const { h, m: min } = clock(m[1]!);
    return `0 ${min} ${h} * * 1-5`;
  }
  if ((m = /^every month on the (\d+)(?:st|nd|rd|th)? at (\S+)$/.exec(s))) {
    const day = Number(m[1]);
    if (day < 1 || day > 31) throw new ScheduleError("schedule", `A month has no day ${m[1]}: use the 1st to the 31st`);
    const { h, m: min } = clock(m[2]!);
    return `0 ${min} ${h} ${day} * *`;
  }
  if ((m = /^every ([a-z, ]+?) at (\S+)$/.exec(s))) {
    const words = m[1]!.split(/\s*,\s*|\s+and\s+/).filter(Boolean);
    const days = words.map((w) => ({ w, n: dayNumber(w) }));
    const unknown = days.filter((d) => d.n === undefined).map((d) => `"${d.w}"`);
    if (unknown.length) throw new ScheduleError("schedule", `${unknown.join(", ")} is not a day of the week. ${UNSUPPORTED}`);
    const { h, m: min } = clock(m[2]!);
    const list = [...new Set(days.map((d) => d.n!))].sort((a, b) => a - b).join(",");
    return `0 ${min} ${h} * * ${list}`;
  }
  throw new ScheduleError("schedule", `"${text.trim()}" is not a schedule Wheelhouse understands. ${UNSUPPORTED}`);
}

/** Null when `tz` is an IANA timezone this runtime knows (Intl), else why not. */
export function timezoneError(tz: string): string | null {
  if (!tz.trim()) return "Name a timezone, e.g. UTC or Europe/Berlin";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return null;
  } catch {
    return `"${tz}" is not a timezone: use an IANA name such as UTC, Europe/Berlin or America/New_York`;
  }
}

/** The cron expression a schedule stands for (English translated); throws ScheduleError. */
export function cronOf(config: Pick<ScheduleConfig, "scheduleFormat" | "schedule">): string {
  if (config.scheduleFormat === "english") return englishToCron(config.schedule);
  const expression = config.schedule.trim().replace(/\s+/g, " ");
  const fields = expression ? expression.split(" ").length : 0;
  if (fields !== 5 && fields !== 6)
    throw new ScheduleError("schedule", `A cron schedule has 5 fields (minute hour day month weekday) or 6 with seconds first; this one has ${fields}`);
  return expression;
}

/** A croner job (never started: no function) that computes the schedule's times in its timezone. */
export function compile(config: ScheduleConfig): Cron {
  const tzError = timezoneError(config.scheduleTimezone);
  if (tzError) throw new ScheduleError("scheduleTimezone", tzError);
  const pattern = cronOf(config);
  try {
    return new Cron(pattern, { timezone: config.scheduleTimezone, mode: "5-or-6-parts" });
  } catch (e) {
    // croner's own words say which field is wrong ("CronPattern: Invalid value for hour: 25").
    throw new ScheduleError("schedule", `Not a valid cron expression ("${pattern}"): ${(e as Error).message.replace(/^CronPattern: /, "")}`);
  }
}

/** Every problem with a schedule, by field (empty when it is valid or there is no schedule). */
export function scheduleIssues(config: ScheduleConfig): { field: "schedule" | "scheduleTimezone"; message: string }[] {
  const issues: { field: "schedule" | "scheduleTimezone"; message: string }[] = [];
  const tzError = timezoneError(config.scheduleTimezone);
  if (tzError) issues.push({ field: "scheduleTimezone", message: tzError });
  if (config.schedule.trim()) {
    try {
      compile({ ...config, scheduleTimezone: tzError ? "UTC" : config.scheduleTimezone });
    } catch (e) {
      if (e instanceof ScheduleError) issues.push({ field: e.field, message: e.message });
      else throw e;
    }
  }
  return issues;
}

/** The next `n` times the schedule falls due after `from` (for display). */
export function nextRuns(config: ScheduleConfig, n: number, from: Date = new Date()): Date[] {
  return compile(config).nextRuns(n, from);
}

/** Most ticks counted one by one between two times; past this only the first and last are found. */
export const COUNT_CAP = 10_000;

export interface DueTicks {
  /** The ticks in (after, upTo], oldest first, at most COUNT_CAP of them. */
  ticks: Date[];
  /** How many there are (COUNT_CAP + 1 standing for "more than COUNT_CAP"). */
  count: number;
  /** The latest tick at or before upTo, even when `ticks` stops at the cap. */
  latest?: Date;
}

/** The times a compiled schedule fell due after `after`, up to and including `upTo`. */
export function ticksBetween(cron: Cron, after: Date, upTo: Date): DueTicks {
  const ticks: Date[] = [];
  for (let t = cron.nextRun(after); t && t <= upTo; t = cron.nextRun(t)) {
    if (ticks.length === COUNT_CAP) {
      // croner's previousRuns excludes its reference, so look from just after upTo.
      const latest = cron.previousRuns(1, new Date(upTo.getTime() + 1))[0];
      return { ticks, count: COUNT_CAP + 1, latest };
    }
    ticks.push(t);
  }
  return { ticks, count: ticks.length, latest: ticks.at(-1) };
}
