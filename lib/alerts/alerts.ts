// One alert model for everything (lib/alerts/kinds.ts). A condition opens an alert on its target;
// while it is open the same condition doesn't open another (deduplicated), and it is resolved
// when the condition clears. A condition that comes back within FLAP_WINDOW_MS of resolving
// reopens the same alert instead of raising a new one (debounced: a flapping container is one
// alert, not a stream of them). Opening and resolving queue a delivery through every Alerter
// that wants it (./delivery.ts), durably, in the same transaction as the alert's row.
import "../server-only";
import type { Prisma } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import { publish } from "../realtime/bus";
import type { AlertLevel, AlertType } from "./kinds";
import { queueDeliveries } from "./delivery";

export const FLAP_WINDOW_MS = 60_000;

export interface AlertTarget {
  /** A resource type key ("server", "deployment", …; "cluster" for Kubernetes alerts). */
  type: string;
  id: string;
  name: string;
  /** Kubernetes alerts: the object's namespace, so only people who may view it see the alert. */
  namespace?: string;
}

export interface AlertInput {
  type: AlertType;
  level: AlertLevel;
  target: AlertTarget;
  message: string;
  data?: Prisma.InputJsonValue;
  /** Tells alerts of one type on one target apart (e.g. a Kubernetes monitor's id). */
  key?: string;
}

const dataOf = (input: AlertInput) => ({ ...((input.data as object) ?? {}), ...(input.key ? { key: input.key } : {}) });
const sameCondition = (type: string, target: { type: string; id: string }, key?: string): Prisma.AlertWhereInput => ({
  type,
  targetType: target.type,
  targetId: target.id,
  ...(key ? { data: { path: ["key"], equals: key } } : {}),
});

function changed(id: string) {
  publish({ type: "alerts.changed", alertId: id });
}

/** Opens an alert for a condition, unless one is open; returns it and whether it is newly raised. */
export async function openAlert(input: AlertInput): Promise<{ id: string; raised: boolean }> {
  const where = sameCondition(input.type, input.target, input.key);
  const result = await db.$transaction(async (tx) => {
    const open = await tx.alert.findFirst({ where: { ...where, resolvedAt: null }, select: { id: true, severity: true } });
    if (open) {
      // Still open: a change of level is recorded, not re-sent.
      if (open.severity !== input.level)
        await tx.alert.update({ where: { id: open.id }, data: { severity: input.level, message: input.message, data: dataOf(input) } });
      return { id: open.id, raised: false };
    }
    const recent = await tx.alert.findFirst({
      where: { ...where, resolvedAt: { gte: new Date(Date.now() - FLAP_WINDOW_MS) } },
      orderBy: { resolvedAt: "desc" },
      select: { id: true },
    });
    if (recent) {
      await tx.alert.update({ where: { id: recent.id }, data: { resolvedAt: null, severity: input.level, message: input.message, data: dataOf(input) } });
      return { id: recent.id, raised: false };
    }
    const alert = await tx.alert.create({ data: rowOf(input) });
    await queueDeliveries(tx, alert.id, "opened");
    return { id: alert.id, raised: true };
  });
  changed(result.id);
  return result;
}

/** Resolves the open alert of a condition, if there is one. */
export async function closeAlert(type: AlertType, target: { type: string; id: string }, key?: string): Promise<void> {
  const ids = await db.$transaction(async (tx) => {
    const open = await tx.alert.findMany({ where: { ...sameCondition(type, target, key), resolvedAt: null }, select: { id: true } });
    for (const { id } of open) {
      const { count } = await tx.alert.updateMany({ where: { id, resolvedAt: null }, data: { resolvedAt: new Date() } });
      if (count) await queueDeliveries(tx, id, "resolved");
    }
    return open.map((a) => a.id);
  });
  ids.forEach(changed);
}

/** An event rather than a condition (e.g. a schedule ran): recorded opened and resolved at once, delivered once. */
export async function recordAlertEvent(input: AlertInput): Promise<{ id: string }> {
  const alert = await db.$transaction(async (tx) => {
    const now = new Date();
    const row = await tx.alert.create({ data: { ...rowOf(input), openedAt: now, resolvedAt: now } });
    await queueDeliveries(tx, row.id, "opened");
    return row;
  });
  changed(alert.id);
  return { id: alert.id };
}

function rowOf(input: AlertInput): Prisma.AlertCreateInput {
  return {
    type: input.type,
    severity: input.level,
    targetType: input.target.type,
    targetId: input.target.id,
    targetName: input.target.name,
    namespace: input.target.namespace,
    message: input.message,
    data: dataOf(input),
  };
}

export type { Tx };
