// Acknowledging an alert: someone has seen it and is on it. It stays open until its condition
// clears. Acknowledging quiets the alert for everyone who sees it, so it is an operator's act
// on the target, not an observer's: Execute on the resource (Write includes it), or, for a
// Kubernetes alert, an action beyond viewing in its namespace. Who may not even see the alert
// learns nothing of it (404); who sees it but may not act gets 403.
import "../server-only";
import type { Actor } from "../authz/actor";
import { authorize } from "../authz/authorize";
import { kubeAccessOf } from "../authz/kube-access";
import { db } from "../db";
import { AppError } from "../errors";
import { publish } from "../realtime/bus";
import { isResourceTypeKey } from "../resources/registry";
import { recordChange } from "../updates/record";
import { alertVisibility } from "./list";
import { actsIn } from "./may-acknowledge";

const notFound = () => new AppError("NOT_FOUND", "Alert not found");

export async function acknowledgeAlert(actor: Actor, id: string) {
  const alert = await db.alert.findFirst({ where: { AND: [{ id }, await alertVisibility(actor)] } });
  if (!alert) throw notFound();
  if (alert.targetType === "cluster" && alert.namespace !== null) {
    const cluster = await db.cluster.findUnique({ where: { id: alert.targetId }, select: { name: true } });
    if (!cluster) throw notFound();
    if (!actsIn(await kubeAccessOf(actor), cluster.name, alert.namespace))
      throw new AppError("FORBIDDEN", `You may not act in ${alert.namespace || "this cluster"}, so you may not acknowledge its alerts`);
  } else if (isResourceTypeKey(alert.targetType)) {
    await authorize(actor, "execute", { kind: "resource", type: alert.targetType, id: alert.targetId });
  } else throw notFound();
  if (alert.acknowledgedAt) return { id: alert.id, acknowledgedAt: alert.acknowledgedAt, alreadyAcknowledged: true };
  const acknowledgedAt = new Date();
  const done = await db.$transaction(async (tx) => {
    // Conditional: of two people acknowledging at once, one records it.
    const { count } = await tx.alert.updateMany({ where: { id, acknowledgedAt: null }, data: { acknowledgedAt, acknowledgedById: actor.id } });
    if (!count) return false;
    await recordChange(tx, actor, {
      operation: "AcknowledgeAlert",
      targetType: alert.targetType,
      target: { id: alert.targetId, name: alert.targetName },
      namespace: alert.namespace ?? undefined,
      log: [`Acknowledged ${alert.type} alert ${alert.id}: ${alert.message}`],
    });
    return true;
  });
  if (done) publish({ type: "alerts.changed", alertId: alert.id });
  return { id: alert.id, acknowledgedAt, alreadyAcknowledged: !done };
}
