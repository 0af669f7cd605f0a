// Reusable config field schemas. Multi-line fields ("KEY=value" per line) follow Komodo's
// format so that users can paste .env files; each line is validated on its own so the
// error names the line.
import { z } from "zod";

export const RESOURCE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;

export const resourceName = z
  .string({ error: "Name must be a string" })
  .trim()
  .min(1, "Name is required")
  .max(63, "Name must be at most 63 characters")
  .regex(RESOURCE_NAME, "Use letters, digits, '.', '_' or '-', starting with a letter or digit");

/** A reference to another resource by id ("" = none). Existence is checked by the service. */
export const ref = () => z.string().max(64).default("");

function lines(value: string): { n: number; text: string }[] {
  return value
    .split("\n")
    .map((text, i) => ({ n: i + 1, text: text.trim() }))
    .filter((l) => l.text && !l.text.startsWith("#"));
}

/** Multi-line text where every non-empty, non-comment line must satisfy `test`. */
export function lineList(what: string, test: RegExp, example: string) {
  return z
    .string()
    .max(64 * 1024)
    .default("")
    .superRefine((value, ctx) => {
      for (const line of lines(value)) {
        if (!test.test(line.text)) {
          ctx.addIssue({ code: "custom", message: `Line ${line.n}: "${line.text}" is not a valid ${what} (e.g. ${example})` });
        }
      }
    });
}

export const envLines = () => lineList("KEY=value pair", /^[A-Za-z_][A-Za-z0-9_.-]*=.*$/, "LOG_LEVEL=info");
export const labelLines = () => lineList("label", /^[A-Za-z0-9_.\/-]+=.*$/, "com.example.team=web");
export const portLines = () => lineList("port mapping", /^((\d{1,3}\.){3}\d{1,3}:)?(\d{1,5}(-\d{1,5})?:)?\d{1,5}(-\d{1,5})?(\/(tcp|udp|sctp))?$/, "8080:80");
export const volumeLines = () => lineList("volume", /^[^:\s]+:\/[^:\s]*(:(ro|rw|z|Z))?$/, "/srv/data:/data:ro");

export const gitRemote = () =>
  z
    .string()
    .max(512)
    .default("")
    .refine(
      (v) => v === "" || /^(https?:\/\/|ssh:\/\/|git:\/\/|file:\/\/|git@)[^\s]+$/.test(v),
      "Use an https://, ssh://, git://, file:// or git@host:owner/repo address",
    );

export const absoluteOrEmptyPath = () =>
  z
    .string()
    .max(1024)
    .default("")
    .refine((v) => v === "" || v.startsWith("/"), "Use an absolute path");

/** An IANA timezone name Intl knows (e.g. "Europe/Berlin"). */
export const timezone = () =>
  z
    .string()
    .max(64)
    .default("UTC")
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "Use an IANA timezone such as UTC or Europe/Berlin");

/**
 * A maintenance window: one-off (`start`..`end`, ISO datetimes with an offset) or recurring
 * (`hour`:`minute` for `durationMinutes`, on `dayOfWeek` or every day, in `timezone`).
 */
export const maintenanceWindow = z
  .object({
    name: z.string().min(1, "Name the window").max(64),
    start: z.iso.datetime({ offset: true, error: "Use an ISO date and time, e.g. 2026-12-24T18:00:00Z" }).optional(),
    end: z.iso.datetime({ offset: true, error: "Use an ISO date and time, e.g. 2026-12-26T08:00:00Z" }).optional(),
    /** 0 = Sunday; omitted = every day. */
    dayOfWeek: z.number().int().min(0).max(6).optional(),
    hour: z.number().int().min(0).max(23).optional(),
    minute: z.number().int().min(0).max(59).default(0),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
    timezone: timezone(),
  })
  .strict()
  .superRefine((w, ctx) => {
    if (w.start !== undefined || w.end !== undefined) {
      if (w.start === undefined) ctx.addIssue({ code: "custom", path: ["start"], message: "A one-off window needs a start" });
      else if (w.end === undefined) ctx.addIssue({ code: "custom", path: ["end"], message: "A one-off window needs an end" });
      else if (Date.parse(w.end) <= Date.parse(w.start)) ctx.addIssue({ code: "custom", path: ["end"], message: "End must be after start" });
      return;
    }
    if (w.hour === undefined) ctx.addIssue({ code: "custom", path: ["hour"], message: "A recurring window needs an hour (or give start and end)" });
    if (w.durationMinutes === undefined) ctx.addIssue({ code: "custom", path: ["durationMinutes"], message: "A recurring window needs a duration" });
  });

export const percent = (fallback: number) => z.number().min(0).max(100).default(fallback);
