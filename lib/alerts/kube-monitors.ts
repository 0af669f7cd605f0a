// KubeHealthMonitor alerts: every Kubernetes health monitor that opens or resolves raises or
// resolves an alert on its cluster, in the object's namespace (so only people who may view that
// namespace see it), keyed by the monitor's identity (check, kind, namespace, name — a monitor
// that reopens is the same alert, and a renamed cluster keeps its keys). Low-severity monitors
// (missing probes or limits) are findings to browse, not alerts, as they leave no timeline note.
//
// Ingest is hot and batched (kube/ingest.ts): this is called once per batch with only the
// monitors whose state changed, and runs a fixed number of statements for all of them (plus
// each alert's delivery queueing), never one lookup per change.
import "../server-only";
import { db } from "../db";
import { logger } from "../logger";
import { publish } from "../realtime/bus";
import { FLAP_WINDOW_MS } from "./alerts";
import { queueDeliveries } from "./delivery";
import type { AlertLevel } from "./kinds";

export interface MonitorChange {
  checkType: string;
  severity: string;
  kind: string;
  namespace: string;
  name: string;
}

export const monitorKey = (m: Pick<MonitorChange, "checkType" | "kind" | "namespace" | "name">) => `${m.checkType}|${m.kind}|${m.namespace}|${m.name}`;
const levelOf = (severity: string): AlertLevel => (severity === "high" ? "critical" : "warning");

export async function alertMonitorChanges(cluster: { id: string; name: string }, opened: MonitorChange[], resolved: MonitorChange[]): Promise<void> {
  const opening = opened.filter((m) => m.severity !== "low");
  const resolving = resolved.filter((m) => m.severity !== "low");
  if (!opening.length && !resolving.length) return;
  const now = new Date();
  const keys = [...opening, ...resolving].map(monitorKey);
  const changed = await recordChanges(cluster, opening, resolving, keys, now).catch((e) => {
    // The monitors are written: an alert that can't be recorded is logged, not a failed ingest.
    logger.error(`could not record the health monitor alerts of cluster ${cluster.id}`, e);
    return [];
  });
  for (const alertId of changed) publish({ type: "alerts.changed", alertId });
}

async function recordChanges(cluster: { id: string; name: string }, opening: MonitorChange[], resolving: MonitorChange[], keys: string[], now: Date) {
  return db.$transaction(async (tx) => {
    // One read for every key: the open alert (deduplicated) or one resolved moments ago (a flap reopens it).
    const existing = await tx.$queryRaw<{ id: string; key: string; resolvedAt: Date | null }[]>`
      SELECT id, data->>'key' AS key, "resolvedAt" FROM "Alert"
      WHERE type = 'KubeHealthMonitor' AND "targetType" = 'cluster' AND "targetId" = ${cluster.id}
        AND data->>'key' = ANY(${keys}::text[])
        AND ("resolvedAt" IS NULL OR "resolvedAt" >= ${new Date(now.getTime() - FLAP_WINDOW_MS)})
      ORDER BY "resolvedAt" DESC NULLS FIRST`;
    const openByKey = new Map(existing.filter((a) => !a.resolvedAt).map((a) => [a.key, a.id]));
    const recentByKey = new Map<string, string>();
    for (const a of existing) if (a.resolvedAt && !recentByKey.has(a.key)) recentByKey.set(a.key, a.id);

    const toCreate = opening.filter((m) => !openByKey.has(monitorKey(m)) && !recentByKey.has(monitorKey(m)));
    const reopen = opening.flatMap((m) => (!openByKey.has(monitorKey(m)) && recentByKey.has(monitorKey(m)) ? [recentByKey.get(monitorKey(m))!] : []));
    const close = resolving.flatMap((m) => {
      const id = openByKey.get(monitorKey(m));
      return id ? [id] : [];
    });
    if (reopen.length) await tx.alert.updateMany({ where: { id: { in: reopen } }, data: { resolvedAt: null } });
    const closed = close.length
      ? (await tx.alert.updateManyAndReturn({ where: { id: { in: close }, resolvedAt: null }, data: { resolvedAt: now }, select: { id: true } })).map(
          (a) => a.id,
        )
      : [];
    const created = toCreate.length
      ? await tx.alert.createManyAndReturn({
          data: toCreate.map((m) => ({
            type: "KubeHealthMonitor",
            severity: levelOf(m.severity),
            targetType: "cluster",
            targetId: cluster.id,
            targetName: cluster.name,
            namespace: m.namespace,
            message: `${m.checkType} on ${m.kind} ${m.namespace ? `${m.namespace}/` : ""}${m.name}`,
            data: { key: monitorKey(m), checkType: m.checkType, kind: m.kind, name: m.name, severity: m.severity },
          })),
          select: { id: true },
        })
      : [];
    for (const { id } of created) await queueDeliveries(tx, id, "opened");
    for (const id of closed) await queueDeliveries(tx, id, "resolved");
    return [...created.map((a) => a.id), ...reopen, ...closed];
  });
}
