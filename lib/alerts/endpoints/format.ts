// The one shape every endpoint renders an alert from, and the shared wording (level, type,
// target, message, link), so Slack, email and ntfy say the same thing. Pure.
import type { AlertLevel } from "../kinds";

export type AlertEvent = "opened" | "resolved" | "test";

export interface AlertMessage {
  alertId: string;
  type: string;
  level: AlertLevel;
  event: AlertEvent;
  target: { type: string; id: string; name: string; namespace?: string | null };
  message: string;
  data: unknown;
  openedAt: string;
  resolvedAt: string | null;
  /** The page to look at in Wheelhouse. */
  link: string;
  /** When this delivery was made; signed with the body by custom webhooks (replay window). */
  sentAt: string;
}

const LEVEL_WORD: Record<AlertLevel, string> = { ok: "OK", warning: "WARNING", critical: "CRITICAL" };

export function targetLabel(m: AlertMessage): string {
  return `${m.target.type} ${m.target.name}${m.target.namespace ? ` (namespace ${m.target.namespace})` : ""}`;
}

/** One line: what happened to what, e.g. "[CRITICAL] ServerCpu on server web-1". */
export function alertTitle(m: AlertMessage): string {
  const head = m.event === "resolved" ? "[RESOLVED]" : m.event === "test" ? "[TEST]" : `[${LEVEL_WORD[m.level]}]`;
  // Headers (ntfy's Title) and subjects are single lines.
  return `${head} ${m.type} on ${targetLabel(m)}`.replace(/[\r\n]+/g, " ");
}

/** Title, message and link as plain text lines. */
export function alertText(m: AlertMessage): string {
  return [alertTitle(m), m.message, m.link].filter(Boolean).join("\n");
}

/** Numeric/named urgency per level, for endpoints that have one. */
export const NTFY_PRIORITY: Record<AlertLevel, string> = { ok: "default", warning: "high", critical: "urgent" };
export const NTFY_TAGS: Record<AlertLevel, string> = { ok: "white_check_mark", warning: "warning", critical: "rotating_light" };
export const PUSHOVER_PRIORITY: Record<AlertLevel, number> = { ok: -1, warning: 0, critical: 1 };
export const DISCORD_COLOR: Record<AlertLevel, number> = { ok: 0x2e7d32, warning: 0xf9a825, critical: 0xc62828 };

/** The level a delivery is shown at: a resolution is good news whatever the alert's level was. */
export const shownLevel = (m: AlertMessage): AlertLevel => (m.event === "resolved" ? "ok" : m.level);
