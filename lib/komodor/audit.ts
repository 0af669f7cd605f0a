// GET /api/v2/audit-log(/filters): our audit trail (the Update table) in Komodor's AuditLog
// shape, limited to the Updates the caller may see (lib/updates/list.ts decides that, for the
// UI and both APIs alike). Only finished Updates are audit events: Komodor's status is
// success|failure, and an Update still running is neither yet.
//
// How an Update maps to Komodor's enums:
// - category: users and groups → "user"; grants and Kubernetes policies (targetType
//   "permission") → "rbac"; API keys → "authentication"; tags, agent enrollment and agent
//   revocation (account-wide settings) → "account"; everything else (resources, deploys,
//   Kubernetes actions, shells) → "resource".
// - operation: Create*/Grant* → create; Update*/Set*/Edit/Scale/Cordon → update;
//   Delete*/Revoke*/Destroy/Prune* → delete; OpenTerminal and every other execution
//   (Deploy, Restart, Run, Trigger…) → execute. Nothing we audit is a "read".
// - action: the Update's operation name, except Kubernetes actions, whose operation is a
//   sentence ("Scale web to 3"): their action is the Kubernetes action (scale, restart…), so
//   the filters list a handful of actions rather than one per target.
import "../server-only";
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { invalid } from "../errors";
import { visibility } from "../updates/list";
import { parseInput } from "../validation";
import { queryObject } from "../api/params";

export const AUDIT_CATEGORIES = ["account", "user", "resource", "rbac", "authentication"] as const;
export const AUDIT_OPERATIONS = ["create", "read", "update", "delete", "execute"] as const;
export const AUDIT_STATUSES = ["success", "failure"] as const;
const SORT_FIELDS = [
  "id",
  "eventTime",
  "createdAt",
  "userId",
  "userEmail",
  "userName",
  "category",
  "operation",
  "action",
  "entityType",
  "entityId",
  "entityName",
  "status",
] as const;
type SortField = (typeof SORT_FIELDS)[number];

const dateTime = z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time, e.g. 2026-01-01T00:00:00Z" }).transform((v) => new Date(v));
const sortSpec = z
  .string()
  .max(500)
  .refine((s) => s.split(",").every((f) => (SORT_FIELDS as readonly string[]).includes(f.trim().replace(/^[-+]/, ""))), {
    message: `Sort by comma-separated fields of ${SORT_FIELDS.join(", ")}; prefix '-' for descending`,
  });

export const ZAuditLogQuery = z
  .object({
    id: z.string().max(64).optional(),
    userIds: z.array(z.string().max(64)).max(100).optional(),
    actions: z.array(z.string().max(200)).max(100).optional(),
    categories: z.array(z.enum(AUDIT_CATEGORIES)).max(10).optional(),
    operations: z.array(z.enum(AUDIT_OPERATIONS)).max(10).optional(),
    entityTypes: z.array(z.string().max(64)).max(100).optional(),
    entityName: z.string().max(253).optional(),
    startTime: dateTime.optional(),
    endTime: dateTime.optional(),
    status: z.enum(AUDIT_STATUSES).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    sort: sortSpec.optional(),
  })
  .strict();
const ARRAY_PARAMS = ["userIds", "actions", "categories", "operations", "entityTypes"] as const;

export const ZAuditFiltersQuery = z.object({ startTime: dateTime.optional(), endTime: dateTime.optional() }).strict();

/** The Kubernetes action a Kubernetes action Update's sentence names (lib/kube/actions.ts writes them). */
const KUBE_LABELS: [RegExp, string][] = [
  [/^Scale /, "scale"],
  [/^Restart /, "restart"],
  [/^Roll back /, "rollback"],
  [/^Delete pod /, "delete:pod"],
  [/^Re-run job /, "rerun:job"],
  [/^Trigger cronjob /, "run:cronjob"],
  [/^(Un)?[Cc]ordon node /, "cordon"],
  [/^Drain node /, "drain"],
  [/^Edit /, "edit"],
  [/^Create /, "create"],
  [/^Delete /, "delete"],
];
const KUBE_OPERATION: Record<string, (typeof AUDIT_OPERATIONS)[number]> = {
  scale: "update",
  edit: "update",
  cordon: "update",
  create: "create",
  delete: "delete",
  "delete:pod": "delete",
};

interface Source {
  operation: string;
  targetType: string;
  namespace: string | null;
}

export function auditAction(u: Source): string {
  if (u.targetType !== "cluster" || u.namespace === null || u.operation === "OpenTerminal") return u.operation;
  return KUBE_LABELS.find(([re]) => re.test(u.operation))?.[1] ?? u.operation;
}

export function auditCategory(u: Source): (typeof AUDIT_CATEGORIES)[number] {
  if (u.targetType === "user" || u.targetType === "user-group") return "user";
  if (u.targetType === "permission") return "rbac";
  if (u.targetType === "api-key") return "authentication";
  if (u.targetType === "tag" || u.operation === "CreateEnrollmentToken" || u.operation === "RevokeAgent") return "account";
  return "resource";
}

export function auditOperation(u: Source): (typeof AUDIT_OPERATIONS)[number] {
  const action = auditAction(u);
  if (action !== u.operation) return KUBE_OPERATION[action] ?? "execute";
  if (/^(Create|Grant)/.test(u.operation)) return "create";
  if (/^(Update|Set|Edit)/.test(u.operation)) return "update";
  if (/^(Delete|Revoke|Destroy|destroy|Prune|prune)/.test(u.operation)) return "delete";
  return "execute";
}

const ROW = {
  id: true,
  operation: true,
  targetType: true,
  targetId: true,
  targetName: true,
  namespace: true,
  operatorId: true,
  success: true,
  error: true,
  previousConfig: true,
  newConfig: true,
  startedAt: true,
  endedAt: true,
  operator: { select: { username: true, email: true } },
} as const;

type Row = Awaited<ReturnType<typeof fetchRows>>[number];

function fetchRows(actor: Actor, where: object[]) {
  return visibility(actor).then((visible) =>
    db.update.findMany({ where: { AND: [visible, { status: "Complete", success: { not: null } }, ...where] }, select: ROW }),
  );
}

export function auditLog(u: Row) {
  return {
    id: u.id,
    createdAt: (u.endedAt ?? u.startedAt).toISOString(),
    eventTime: u.startedAt.toISOString(),
    accountId: "wheelhouse",
    userId: u.operatorId ?? "",
    category: auditCategory(u),
    operation: auditOperation(u),
    action: auditAction(u),
    entityType: u.targetType,
    entityId: u.targetId ?? "",
    entityName: u.targetName ?? "",
    status: u.success ? ("success" as const) : ("failure" as const),
    details: {
      operation: u.operation,
      ...(u.namespace !== null ? { namespace: u.namespace } : {}),
      ...(u.error ? { error: u.error } : {}),
      previousConfig: u.previousConfig,
      newConfig: u.newConfig,
    },
    userEmail: u.operator?.email ?? "",
    userName: u.operator?.username ?? "",
    imposterEmail: null,
  };
}
export type AuditLog = ReturnType<typeof auditLog>;

function comparator(sort: string | undefined) {
  const keys = (sort ?? "-eventTime")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => ({ field: f.replace(/^[-+]/, "") as SortField, dir: f.startsWith("-") ? -1 : 1 }));
  return (a: AuditLog, b: AuditLog) => {
    for (const { field, dir } of keys) {
      const c = String(a[field]).localeCompare(String(b[field]));
      if (c) return c * dir;
    }
    return a.id.localeCompare(b.id); // a stable order for equal keys, so pages don't overlap
  };
}

const HOUR_MS = 3600_000;

/** The window asked for: default the 8 hours before endTime (itself default now). */
function windowOf(q: { startTime?: Date; endTime?: Date }) {
  const end = q.endTime ?? new Date();
  const start = q.startTime ?? new Date(end.getTime() - 8 * HOUR_MS);
  if (start > end) throw invalid({ startTime: ["startTime must not be after endTime"] });
  return { start, end };
}

/** The matching audit logs, sorted; `csv` ignores the time window, as Komodor documents. */
export async function queryAuditLogs(actor: Actor, params: URLSearchParams, csv: boolean) {
  const q = parseInput(ZAuditLogQuery, queryObject(params, ARRAY_PARAMS));
  const { start, end } = windowOf(q);
  const where: object[] = [];
  if (!csv) where.push({ startedAt: { gte: start, lte: end } });
  if (q.id) where.push({ id: q.id });
  if (q.userIds) where.push({ operatorId: { in: q.userIds } });
  if (q.entityTypes) where.push({ targetType: { in: q.entityTypes } });
  if (q.entityName) where.push({ targetName: { contains: q.entityName, mode: "insensitive" } });
  if (q.status) where.push({ success: q.status === "success" });
  const logs = (await fetchRows(actor, where))
    .map(auditLog)
    .filter(
      (l) =>
        (!q.actions || q.actions.includes(l.action)) &&
        (!q.categories || q.categories.includes(l.category)) &&
        (!q.operations || q.operations.includes(l.operation)),
    )
    .sort(comparator(q.sort));
  return { q, logs };
}

export async function listAuditLogs(actor: Actor, params: URLSearchParams) {
  const { q, logs } = await queryAuditLogs(actor, params, false);
  return { logs: logs.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), totalCount: logs.length, page: q.page, pageSize: q.pageSize };
}

const CSV_COLUMNS = [
  "id",
  "eventTime",
  "createdAt",
  "accountId",
  "userId",
  "userEmail",
  "userName",
  "category",
  "operation",
  "action",
  "entityType",
  "entityId",
  "entityName",
  "status",
  "details",
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading '
 * so an entity name can't execute in whoever opens the export.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export async function auditLogCsv(actor: Actor, params: URLSearchParams): Promise<Response> {
  const { logs } = await queryAuditLogs(actor, params, true);
  const lines = [CSV_COLUMNS.join(","), ...logs.map((l) => CSV_COLUMNS.map((c) => csvCell(l[c])).join(","))];
  return new Response(`${lines.join("\r\n")}\r\n`, {
    status: 200,
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment;filename=audit_log.csv" },
  });
}

/** The values each filter can take among the audit logs the caller may see in the window (default the last 8 hours). */
export async function auditLogFilters(actor: Actor, params: URLSearchParams) {
  const { start, end } = windowOf(parseInput(ZAuditFiltersQuery, queryObject(params, [])));
  const logs = (await fetchRows(actor, [{ startedAt: { gte: start, lte: end } }])).map(auditLog);
  const distinct = <T extends string>(values: T[]) => [...new Set(values.filter(Boolean))].sort();
  return {
    actions: distinct(logs.map((l) => l.action)),
    operations: distinct(logs.map((l) => l.operation)),
    categories: distinct(logs.map((l) => l.category)),
    entityTypes: distinct(logs.map((l) => l.entityType)),
    userIds: distinct(logs.map((l) => l.userId)),
    status: distinct(logs.map((l) => l.status)),
  };
}
