// Health monitors from findings: a finding opens a monitor (or refreshes the open one), a
// check that passes again resolves it automatically. Dismissed and ignored monitors stay
// as the user left them.
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import type { Finding } from "./health-checks";

const ACTIVE = ["open", "confirmed"];
const USER_SILENCED = ["dismissed", "ignored"];

export async function reconcileMonitors(
  clusterId: string,
  komodorUid: string,
  evaluated: string[],
  /** Given while still being worked out (the caller's reads), so the monitors are read meanwhile. */
  pendingFindings: Finding[] | Promise<Finding[]>,
  note: (summary: string, severity: "info" | "warning" | "error", details: object) => Promise<void>,
) {
  const now = new Date();
  const [existing, findings] = await Promise.all([
    db.healthMonitor.findMany({ where: { komodorUid, checkType: { in: evaluated }, status: { in: [...ACTIVE, ...USER_SILENCED] } } }),
    pendingFindings,
  ]);
  const refreshed = findings.flatMap((f) => {
    const current = existing.find((m) => m.checkType === f.checkType);
    return current ? [{ id: current.id, supportingData: f.supportingData, severity: f.severity }] : [];
  });
  // Every evaluation refreshes each monitor still found (a service commonly has several: missing
  // probes, limits…), and ingest evaluates on every change of the service or its pods: one
  // statement for all of them rather than one each (bench/ingest.ts).
  if (refreshed.length)
    await db.$executeRaw`
      UPDATE "HealthMonitor" AS m SET "lastEvaluatedAt" = ${now}, "supportingData" = r."supportingData", severity = r.severity
      FROM jsonb_to_recordset(${JSON.stringify(refreshed)}::jsonb) AS r(id text, "supportingData" jsonb, severity text)
      WHERE m.id = r.id`;
  for (const finding of findings) {
    const current = existing.find((m) => m.checkType === finding.checkType);
    if (!current) {
      const monitor = await db.healthMonitor.create({
        data: {
          clusterId,
          komodorUid,
          checkType: finding.checkType,
          severity: finding.severity,
          supportingData: finding.supportingData as Prisma.InputJsonValue,
        },
      });
      if (finding.severity !== "low")
        await note(`Health monitor opened: ${finding.checkType}`, finding.severity === "high" ? "error" : "warning", {
          monitorId: monitor.id,
          checkType: finding.checkType,
        });
    }
  }
  const found = new Set<string>(findings.map((f) => f.checkType));
  for (const monitor of existing) {
    if (found.has(monitor.checkType) || !ACTIVE.includes(monitor.status)) continue;
    await db.healthMonitor.update({ where: { id: monitor.id }, data: { status: "resolved", resolvedAt: now, lastEvaluatedAt: now } });
    if (monitor.severity !== "low")
      await note(`Health monitor resolved: ${monitor.checkType}`, "info", { monitorId: monitor.id, checkType: monitor.checkType });
  }
}
