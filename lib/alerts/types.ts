// Alerts as the browser receives them, derived from ./list (type-only), and the filter vocabulary.
import type { WireOf } from "../wire";
import type { listAlerts, openAlertCount } from "./list";

export const ALERT_STATES = ["open", "resolved", "all"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export type AlertPage = WireOf<typeof listAlerts>;
export type AlertRow = AlertPage["items"][number];
export type AlertCount = WireOf<typeof openAlertCount>;

/** The Alerts page's filters, as query parameters of GET /api/v1/alerts. */
export interface AlertFilters {
  state?: AlertState;
  type?: string;
  level?: string;
  targetType?: string;
  acknowledged?: "true" | "false";
  q?: string;
  targetId?: string;
  cursor?: string;
}
