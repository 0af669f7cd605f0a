// Which Alerters want an alert, and whether one is in a maintenance window. Pure: the delivery
// queue (delivery.ts) gives it the Alerter's config, the alert and the target's tag names.
import { Cron } from "croner";
import { matchesPattern } from "../authz/pattern";

export interface RoutingConfig {
  enabled: boolean;
  alertTypes: readonly string[];
  resourceAllow: readonly string[];
  resourceBlock: readonly string[];
  maintenanceWindows: readonly MaintenanceWindow[];
}

export interface MaintenanceWindow {
  name: string;
  /** One-off: ISO datetimes. */
  start?: string;
  end?: string;
  /** Recurring: 0 = Sunday, omitted = every day; wall-clock time in `timezone`. */
  dayOfWeek?: number;
  hour?: number;
  minute?: number;
  durationMinutes?: number;
  timezone?: string;
}

/** A resource list entry: a name pattern (exact, `*`, `\regex\`) or `tag:NAME`. */
export function entryMatches(entry: string, name: string, tags: readonly string[]): boolean {
  if (entry.startsWith("tag:")) return tags.includes(entry.slice(4));
  return matchesPattern(entry, name);
}

/** Whether the Alerter takes this alert at all (a window decides later whether it is sent). */
export function wantsAlert(config: RoutingConfig, alert: { type: string; targetName: string }, targetTags: readonly string[]): boolean {
  if (!config.enabled) return false;
  if (config.alertTypes.length > 0 && !config.alertTypes.includes(alert.type)) return false;
  if (config.resourceBlock.some((e) => entryMatches(e, alert.targetName, targetTags))) return false;
  if (config.resourceAllow.length > 0 && !config.resourceAllow.some((e) => entryMatches(e, alert.targetName, targetTags))) return false;
  return true;
}

/** Whether `now` falls in the window. Recurring windows use croner for the timezone's calendar (DST included). */
export function inWindow(w: MaintenanceWindow, now: Date): boolean {
  if (w.start || w.end) {
    const start = w.start ? Date.parse(w.start) : -Infinity;
    const end = w.end ? Date.parse(w.end) : Infinity;
    return now.getTime() >= start && now.getTime() < end;
  }
  if (w.hour === undefined || !w.durationMinutes) return false;
  const cron = new Cron(`${w.minute ?? 0} ${w.hour} * * ${w.dayOfWeek ?? "*"}`, { timezone: w.timezone || "UTC", paused: true });
  // The latest start at or before now (previousRuns excludes its reference, so look from 1 ms on).
  const [last] = cron.previousRuns(1, new Date(now.getTime() + 1));
  return Boolean(last && now.getTime() - last.getTime() < w.durationMinutes * 60_000);
}

export function activeWindow(windows: readonly MaintenanceWindow[], now: Date): MaintenanceWindow | undefined {
  return windows.find((w) => inWindow(w, now));
}
