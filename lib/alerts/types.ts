// Alerts as the browser receives them, derived from ./list (type-only).
import type { WireOf } from "../wire";
import type { listAlerts } from "./list";

export type AlertRow = WireOf<typeof listAlerts>[number];
