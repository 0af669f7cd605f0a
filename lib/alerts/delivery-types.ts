// The Alerter page's deliveries response type, derived from the lib function the route returns
// (type-only, so the browser bundle carries none of it).
import type { WireOf } from "../wire";
import type { alerterDeliveries } from "./deliveries-view";

export type AlerterDeliveriesView = WireOf<typeof alerterDeliveries>;
