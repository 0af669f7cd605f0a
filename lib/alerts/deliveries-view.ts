// What an Alerter's page shows of its recent deliveries: each alert it took, for its opening or
// resolution, and how that went (sent, retrying, failed with the reason, or suppressed by a
// maintenance window). A target the reader may not read is shown without its name.
import "../server-only";
import type { Actor } from "../authz/actor";
import { authorize } from "../authz/authorize";
import { db } from "../db";
import { notFound } from "../errors";
import { isResourceTypeKey } from "../resources/names";

export const RECENT_DELIVERIES = 50;

export async function alerterDeliveries(actor: Actor, alerterId: string) {
  await authorize(actor, "read", { kind: "resource", type: "alerter", id: alerterId });
  if (!(await db.alerter.findUnique({ where: { id: alerterId }, select: { id: true } }))) throw notFound("Alerter");
  const rows = await db.alertDelivery.findMany({
    where: { alerterId },
    orderBy: { createdAt: "desc" },
    take: RECENT_DELIVERIES,
    include: { alert: { select: { type: true, severity: true, targetType: true, targetId: true, targetName: true } } },
  });
  const readable = new Map<string, boolean>();
  const mayRead = async (type: string, id: string) => {
    const key = `${type}/${id}`;
    if (!readable.has(key)) {
      const ok = isResourceTypeKey(type)
        ? await authorize(actor, "read", { kind: "resource", type, id }).then(
            () => true,
            () => false,
          )
        : actor.admin;
      readable.set(key, ok);
    }
    return readable.get(key)!;
  };
  const deliveries = [];
  for (const r of rows) {
    deliveries.push({
      id: r.id,
      alertType: r.alert.type,
      level: r.alert.severity,
      targetType: r.alert.targetType,
      targetName: (await mayRead(r.alert.targetType, r.alert.targetId)) ? r.alert.targetName : null,
      event: r.event,
      status: r.status,
      attempts: r.attempts,
      error: r.error,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
      nextAttemptAt: r.status === "pending" ? r.nextAttemptAt : null,
    });
  }
  return { deliveries };
}
