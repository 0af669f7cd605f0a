// GET/PUT /api/v2/health/risks: health monitors as Komodor's violations, filtered by the
// caller's Kubernetes RBAC. Offsets page over a snapshot of the ordered ids taken at offset 0
// (paging.ts), so a risk opened, changed or removed mid-sync can't shift a page boundary.
import "../server-only";
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { kubeAccessOf } from "../authz/kube-access";
import { db } from "../db";
import { notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { CHECKS, type CheckType } from "../kube/health-checks";
import { parseKomodorUid } from "../kube/objects";
import { setMonitorStatus } from "../kube/monitors";
import { MONITOR_STATUSES } from "../kube/vocabulary";
import { parseInput } from "../validation";
import { epochSeconds, riskLink } from "./links";
import { offsetSnapshot, queryDigest } from "./paging";
import { queryObject } from "../api/params";

const list = <T extends z.ZodType>(item: T) => z.array(item).optional();
const epoch = z
  .string()
  .regex(/^\d+$/, "Use epoch seconds")
  .transform((v) => new Date(Number(v) * 1000))
  .optional();

export const ZRisksQuery = z
  .object({
    pageSize: z.coerce.number().int().min(1).max(1000).default(50),
    offset: z.coerce.number().int().min(0).default(0),
    checkType: list(z.string()),
    status: list(z.enum(MONITOR_STATUSES)),
    severity: list(z.enum(["high", "medium", "low"])),
    clusterName: list(z.string()),
    namespace: list(z.string()),
    komodorUid: list(z.string()),
    shortResourceName: list(z.string()),
    shortResourceNameSearchTerm: z.string().max(253).optional(),
    checkCategory: list(z.enum(["workload", "infrastructure"])),
    impactGroupType: list(z.enum(["static", "dynamic", "realtime"])),
    impactGroupId: list(z.string()),
    createdFromEpoch: epoch,
    createdToEpoch: epoch,
  })
  .strict();
const ARRAY_PARAMS = [
  "checkType",
  "status",
  "severity",
  "clusterName",
  "namespace",
  "komodorUid",
  "shortResourceName",
  "checkCategory",
  "impactGroupType",
  "impactGroupId",
] as const;

type Monitor = Prisma.HealthMonitorGetPayload<object>;

/**
 * Komodor's identifier of what a risk is about: KIND|CLUSTER|NAMESPACE|NAME for namespaced
 * things, and shorter for cluster-level ones (KIND|CLUSTER|NAME: a node has no namespace), so
 * a catalog relates only namespaced risks to services.
 */
function publicUid(stored: string): string {
  const uid = parseKomodorUid(stored);
  return uid && !uid.namespace ? `${uid.kind}|${uid.cluster}|${uid.name}` : stored;
}

function violation(m: Monitor) {
  const uid = parseKomodorUid(m.komodorUid);
  return {
    id: m.id,
    checkType: m.checkType,
    komodorUid: publicUid(m.komodorUid),
    clusterName: uid?.cluster ?? "",
    namespace: uid?.namespace ?? "",
    accountId: "wheelhouse",
    severity: m.severity,
    status: m.status,
    createdAt: epochSeconds(m.createdAt),
    lastEvaluatedAt: epochSeconds(m.lastEvaluatedAt),
    link: riskLink(m.id, m.checkType),
    // Komodor nests each check's data under the check's name.
    supportingData: { [m.checkType]: m.supportingData },
  };
}

const describe = (checkType: string) => CHECKS[checkType as CheckType] as (typeof CHECKS)[CheckType] | undefined;

async function visibleTo(actor: Actor) {
  const access = await kubeAccessOf(actor);
  return (m: Pick<Monitor, "komodorUid">) => {
    const uid = parseKomodorUid(m.komodorUid);
    return Boolean(uid) && access.allows(uid!.cluster, uid!.namespace || null, "view");
  };
}

export async function listRisks(actor: Actor, params: URLSearchParams) {
  const q = parseInput(ZRisksQuery, queryObject(params, ARRAY_PARAMS));
  const { pageSize, offset, ...filters } = q;
  const ids = await offsetSnapshot(actor, queryDigest(filters), offset, async () => {
    const canView = await visibleTo(actor);
    const rows = await db.healthMonitor.findMany({
      where: {
        ...(q.checkType ? { checkType: { in: q.checkType } } : {}),
        ...(q.status ? { status: { in: q.status } } : {}),
        ...(q.severity ? { severity: { in: q.severity } } : {}),
        createdAt: { gte: q.createdFromEpoch, lte: q.createdToEpoch },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, komodorUid: true, checkType: true },
    });
    return rows
      .filter((m) => {
        const uid = parseKomodorUid(m.komodorUid);
        const check = describe(m.checkType);
        if (!uid || !canView(m)) return false;
        if (q.clusterName && !q.clusterName.includes(uid.cluster)) return false;
        if (q.namespace && !q.namespace.includes(uid.namespace)) return false;
        if (q.komodorUid && !q.komodorUid.includes(publicUid(m.komodorUid)) && !q.komodorUid.includes(m.komodorUid)) return false;
        if (q.shortResourceName && !q.shortResourceName.includes(uid.name)) return false;
        if (q.shortResourceNameSearchTerm && !uid.name.toLowerCase().includes(q.shortResourceNameSearchTerm.toLowerCase())) return false;
        if (q.checkCategory && (!check || !q.checkCategory.includes(check.category))) return false;
        if (q.impactGroupType && (!check || !q.impactGroupType.includes(check.impactGroupType))) return false;
        if (q.impactGroupId && (!check?.impactGroupId || !q.impactGroupId.includes(check.impactGroupId))) return false;
        return true;
      })
      .map((m) => m.id);
  });
  const pageIds = ids.slice(offset, offset + pageSize);
  // Judged again as the caller is now: a snapshot never outlives a revoked grant.
  const canView = await visibleTo(actor);
  const rows = new Map((await db.healthMonitor.findMany({ where: { id: { in: pageIds } } })).filter(canView).map((m) => [m.id, m]));
  return {
    totalResults: ids.length,
    hasMoreResults: offset + pageSize < ids.length,
    violations: pageIds.flatMap((id) => (rows.has(id) ? [violation(rows.get(id)!)] : [])),
  };
}

async function visibleMonitor(actor: Actor, id: string): Promise<Monitor> {
  const monitor = await db.healthMonitor.findUnique({ where: { id } });
  if (!monitor || !(await visibleTo(actor))(monitor)) throw notFound("Health risk");
  return monitor;
}

const extended = (m: Monitor) => ({
  ...violation(m),
  policyId: "wheelhouse-health-checks",
  policyName: "Wheelhouse health checks",
  dependsOnViolationsIds: [],
  dependentByViolationsIds: [],
});

export async function getRisk(actor: Actor, id: string) {
  return { violation: extended(await visibleMonitor(actor, id)) };
}

/** Changing a risk's status needs "edit" on its namespace, and is audited (setMonitorStatus). */
export async function updateRiskStatus(actor: Actor, id: string, body: unknown) {
  await visibleMonitor(actor, id);
  return { violation: violation(await setMonitorStatus(actor, id, body)) };
}
