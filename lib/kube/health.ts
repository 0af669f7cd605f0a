// Health monitors from findings: a finding opens a monitor (or refreshes the open one), a
// check that passes again resolves it automatically. Dismissed and ignored monitors stay
// as the user left them. Ingest evaluates every service a batch of changes touched at once, in
// a fixed number of statements however many there are (bench/ingest.ts).
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { alertMonitorChanges } from "../alerts/kube-monitors";
import { podsOwnedBy } from "./catalog";
import { checkJob, checkNode, checkService, SERVICE_CHECK_TYPES, type Finding } from "./health-checks";
import { isServiceKind, komodorUid, ownerOf, type K, type ServiceKind } from "./objects";
import { readInNamespaces, readObjects, withPending, type ObjectKey, type PendingWrite } from "./stored";
import type { TimelineRow } from "./timeline-write";

const ACTIVE = ["open", "confirmed"];
const USER_SILENCED = ["dismissed", "ignored"];

/** The checks that apply to a target's kind, or null when none does. */
function checksOf(kind: string): readonly string[] | null {
  if (isServiceKind(kind)) return SERVICE_CHECK_TYPES;
  if (kind === "Node") return ["unhealthyNode"];
  if (kind === "Job") return ["failedJob", "failedCronJob"];
  return null;
}

/**
 * Runs the checks of these services, nodes and jobs against their stored state (with `pending`,
 * writes still landing, applied), and opens, refreshes and resolves their monitors. Returns the
 * timeline notes of what opened or resolved, for the caller to write after its other events.
 */
export async function evaluateHealth(cluster: { id: string; name: string }, targets: ObjectKey[], pending: PendingWrite[] = []): Promise<TimelineRow[]> {
  const checked = targets.filter((t) => checksOf(t.kind));
  if (!checked.length) return [];
  const services = checked.filter((t) => isServiceKind(t.kind));
  const aroundKinds = services.length ? (services.some((s) => s.kind === "Deployment") ? ["Pod", "ReplicaSet"] : ["Pod"]) : [];
  const namespaces = new Set(services.map((s) => s.namespace));
  const checkedKeys = new Set(checked.map((t) => `${t.kind}/${t.namespace}/${t.name}`));
  const [objects, around] = await Promise.all([
    readObjects(cluster.id, checked).then((rows) => withPending(rows, pending, (k) => checkedKeys.has(`${k.kind}/${k.namespace}/${k.name}`))),
    readInNamespaces(cluster.id, aroundKinds, [...namespaces]).then((rows) =>
      withPending(rows, pending, (k) => aroundKinds.includes(k.kind) && namespaces.has(k.namespace)),
    ),
  ]);
  const inNamespace = (kind: string, namespace: string) => around.filter((o) => o.kind === kind && o.namespace === namespace).map((o) => o.object);
  const evaluations = objects.map((t) => {
    let findings: Finding[] = [];
    if (isServiceKind(t.kind))
      findings = checkService(
        t.kind as ServiceKind,
        t.object,
        podsOwnedBy(t.kind, t.name, inNamespace("Pod", t.namespace), inNamespace("ReplicaSet", t.namespace)),
      );
    else if (t.kind === "Node") findings = checkNode(t.object);
    else if (t.kind === "Job") findings = checkJob(t.object, ownerOf(t.object as K, "CronJob") ? "CronJob" : "Job");
    return { target: t, uid: komodorUid(t.kind, cluster.name, t.namespace, t.name), checks: checksOf(t.kind)!, findings };
  });
  // A target no longer stored (deleted) has nothing to evaluate; its monitors stay as they were.
  return reconcileMonitors(cluster, evaluations);
}

interface Evaluation {
  target: ObjectKey;
  uid: string;
  checks: readonly string[];
  findings: Finding[];
}

async function reconcileMonitors(cluster: { id: string; name: string }, evaluations: Evaluation[]): Promise<TimelineRow[]> {
  if (!evaluations.length) return [];
  const clusterId = cluster.id;
  const now = new Date();
  const existing = await db.healthMonitor.findMany({
    where: { komodorUid: { in: evaluations.map((e) => e.uid) }, status: { in: [...ACTIVE, ...USER_SILENCED] } },
  });
  const notes: TimelineRow[] = [];
  const note = (e: Evaluation, summary: string, severity: TimelineRow["severity"], details: object): void =>
    void notes.push({
      komodorUid: e.uid,
      namespace: e.target.namespace,
      objectKind: e.target.kind,
      objectName: e.target.name,
      type: "monitor",
      severity,
      summary,
      details,
    });

  const refreshed: { id: string; supportingData: unknown; severity: string }[] = [];
  const opened: { evaluation: Evaluation; finding: Finding }[] = [];
  const resolved: { evaluation: Evaluation; monitor: (typeof existing)[number] }[] = [];
  for (const e of evaluations) {
    const mine = existing.filter((m) => m.komodorUid === e.uid && e.checks.includes(m.checkType));
    for (const finding of e.findings) {
      const current = mine.find((m) => m.checkType === finding.checkType);
      if (current) refreshed.push({ id: current.id, supportingData: finding.supportingData, severity: finding.severity });
      else opened.push({ evaluation: e, finding });
    }
    const found = new Set<string>(e.findings.map((f) => f.checkType));
    for (const monitor of mine) if (!found.has(monitor.checkType) && ACTIVE.includes(monitor.status)) resolved.push({ evaluation: e, monitor });
  }

  // Every evaluation refreshes each monitor still found (a service commonly has several: missing
  // probes, limits…): one statement for all of them.
  const writes: Promise<unknown>[] = [];
  if (refreshed.length)
    writes.push(db.$executeRaw`
      UPDATE "HealthMonitor" AS m SET "lastEvaluatedAt" = ${now}, "supportingData" = r."supportingData", severity = r.severity
      FROM jsonb_to_recordset(${JSON.stringify(refreshed)}::jsonb) AS r(id text, "supportingData" jsonb, severity text)
      WHERE m.id = r.id`);
  if (resolved.length)
    writes.push(
      db.healthMonitor.updateMany({
        where: { id: { in: resolved.map((r) => r.monitor.id) } },
        data: { status: "resolved", resolvedAt: now, lastEvaluatedAt: now },
      }),
    );
  if (opened.length)
    writes.push(
      db.healthMonitor
        .createManyAndReturn({
          data: opened.map(({ evaluation, finding }) => ({
            clusterId,
            komodorUid: evaluation.uid,
            checkType: finding.checkType,
            severity: finding.severity,
            supportingData: finding.supportingData as Prisma.InputJsonValue,
          })),
          select: { id: true, komodorUid: true, checkType: true },
        })
        .then((rows) =>
          opened.forEach(({ evaluation, finding }) => {
            const row = rows.find((r) => r.komodorUid === evaluation.uid && r.checkType === finding.checkType);
            if (!row || finding.severity === "low") return;
            const severity = finding.severity === "high" ? "error" : "warning";
            note(evaluation, `Health monitor opened: ${finding.checkType}`, severity, { monitorId: row.id, checkType: finding.checkType });
          }),
        ),
    );
  await Promise.all(writes);
  // Only what opened or resolved in this batch becomes an alert change (a fixed number of statements).
  const change = (e: Evaluation, checkType: string, severity: string) => ({
    checkType,
    severity,
    kind: e.target.kind,
    namespace: e.target.namespace,
    name: e.target.name,
  });
  await alertMonitorChanges(
    cluster,
    opened.map(({ evaluation, finding }) => change(evaluation, finding.checkType, finding.severity)),
    resolved.map(({ evaluation, monitor }) => change(evaluation, monitor.checkType, monitor.severity)),
  );
  for (const { evaluation, monitor } of resolved)
    if (monitor.severity !== "low")
      note(evaluation, `Health monitor resolved: ${monitor.checkType}`, "info", { monitorId: monitor.id, checkType: monitor.checkType });
  return notes;
}
