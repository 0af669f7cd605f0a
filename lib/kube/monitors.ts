// Health monitors as the UI and API read them, filtered by Kubernetes RBAC, and changing a
// monitor's status by hand (audited). Opening and resolving them is lib/kube/health.ts.
import "../server-only";
import { closeAlert } from "../alerts/alerts";
import { monitorKey } from "../alerts/kube-monitors";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError } from "../errors";
import { recordChange } from "../updates/record";
import { parseInput } from "../validation";
import { parseKomodorUid } from "./objects";
import { visibility } from "./timeline";
import { ZMonitorQuery, ZMonitorUpdate } from "./types";

// The vocabulary and schemas moved to ./types (pure, shared with the UI); kept importable here.

export async function monitors(actor: Actor, query: unknown) {
  const q = parseInput(ZMonitorQuery, query);
  const canView = await visibility(actor);
  const rows = await db.healthMonitor.findMany({
    where: {
      id: q.id,
      clusterId: q.clusterId,
      komodorUid: q.komodorUid,
      ...(q.status?.length ? { status: { in: q.status } } : {}),
      ...(q.checkType?.length ? { checkType: { in: q.checkType } } : {}),
      ...(q.severity?.length ? { severity: { in: q.severity } } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  return rows.filter((m) => canView(m.clusterId, parseKomodorUid(m.komodorUid)?.namespace ?? ""));
}

/** Users with edit on the namespace may confirm, dismiss, ignore or resolve a monitor. */
export async function setMonitorStatus(actor: Actor, id: string, body: unknown) {
  const input = parseInput(ZMonitorUpdate, body);
  const monitor = await db.healthMonitor.findUnique({ where: { id } });
  if (!monitor) throw new AppError("NOT_FOUND", "Health monitor not found");
  const uid = parseKomodorUid(monitor.komodorUid);
  await authorize(actor, "execute", { kind: "kube", cluster: uid?.cluster ?? "", namespace: uid?.namespace || null, action: "edit" });
  const status = input.status === "resolved" ? "manually_resolved" : input.status;
  const cluster = await db.cluster.findUnique({ where: { id: monitor.clusterId }, select: { id: true, name: true } });
  const updated = await db.$transaction(async (tx) => {
    const updated = await tx.healthMonitor.update({
      where: { id },
      data: { status, resolvedAt: status === "manually_resolved" ? new Date() : monitor.resolvedAt },
    });
    // Audited like any Kubernetes action: seen by whoever may view the namespace.
    await recordChange(tx, actor, {
      operation: "SetHealthMonitorStatus",
      targetType: "cluster",
      target: cluster,
      namespace: uid?.namespace ?? "",
      previousConfig: { status: monitor.status },
      newConfig: { status },
      log: [`${monitor.checkType} on ${monitor.komodorUid}: ${monitor.status} → ${status}`],
    });
    return updated;
  });
  // Dismissed, ignored or resolved by hand: its alert is done too (ingest resolves only active monitors).
  if (uid && SETTLED.includes(status))
    await closeAlert("KubeHealthMonitor", { type: "cluster", id: monitor.clusterId }, monitorKey({ checkType: monitor.checkType, ...uid }));
  return updated;
}

const SETTLED: string[] = ["dismissed", "ignored", "manually_resolved"];
