// Delivering alerts through Alerters, durably. An alert's opening or resolution records one
// AlertDelivery row per Alerter that wants it, in the alert's own transaction, so a delivery
// exists exactly when its alert does and no restart can lose it. Rows are the queue: sending
// happens in pg-boss jobs (delivery-worker.ts), woken right after the commit and, should the
// wake be lost (a core stopping between commit and wake), by every core's sweep.
import "../server-only";
import type { Tx } from "../db";
import { logger } from "../logger";
import { alerterConfig } from "../resources/alerter/schema";
import { isResourceTypeKey } from "../resources/names";
import { resourceDelegate } from "../resources/store";
import { kickDeliveries } from "./delivery-worker";
import { activeWindow, wantsAlert } from "./routing";

/** The tag names of an alert's target, for `tag:NAME` entries ([] when the target isn't a resource). */
async function targetTagNames(tx: Tx, targetType: string, targetId: string): Promise<string[]> {
  if (!isResourceTypeKey(targetType)) return [];
  const row = await resourceDelegate(tx, targetType).findUnique({ where: { id: targetId }, select: { tags: true } });
  if (!row?.tags.length) return [];
  const tags = await tx.tag.findMany({ where: { id: { in: row.tags } }, select: { name: true } });
  return tags.map((t) => t.name);
}

/**
 * Records, in the alert's own transaction, one AlertDelivery per Alerter that wants this alert
 * (its type allow-list, resource allow/block lists; a maintenance window records it
 * "suppressed"), and queues the durable delivery job for each pending one.
 */
export async function queueDeliveries(tx: Tx, alertId: string, event: "opened" | "resolved"): Promise<void> {
  const alerters = await tx.alerter.findMany({ where: { template: false }, select: { id: true, name: true, config: true } });
  if (alerters.length === 0) return;
  const alert = await tx.alert.findUnique({ where: { id: alertId }, select: { type: true, targetType: true, targetId: true, targetName: true } });
  if (!alert) return;
  const tags = await targetTagNames(tx, alert.targetType, alert.targetId);
  // A resolution goes only where the opening went (sent or suppressed): an Alerter added or
  // widened since is not told that something it never heard of is over.
  const told =
    event === "resolved"
      ? new Set((await tx.alertDelivery.findMany({ where: { alertId, event: "opened" }, select: { alerterId: true } })).map((d) => d.alerterId))
      : null;
  const now = new Date();
  const rows = [];
  for (const a of alerters) {
    if (told && !told.has(a.id)) continue;
    const parsed = alerterConfig.safeParse(a.config);
    if (!parsed.success) {
      logger.warn(`alerter ${a.name} has a config that no longer validates; it gets no alerts until saved again`);
      continue;
    }
    if (!wantsAlert(parsed.data, alert, tags)) continue;
    const window = activeWindow(parsed.data.maintenanceWindows, now);
    rows.push({
      alertId,
      alerterId: a.id,
      event,
      status: window ? "suppressed" : "pending",
      error: window ? `In maintenance window "${window.name}": recorded, not sent` : "",
    });
  }
  if (rows.length === 0) return;
  await tx.alertDelivery.createMany({ data: rows, skipDuplicates: true });
  if (rows.some((r) => r.status === "pending")) kickDeliveries(alertId, event);
}
