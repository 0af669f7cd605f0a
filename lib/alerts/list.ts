// Alerts a user may see: those on resources they can read, and Kubernetes alerts (target
// "cluster" with a namespace) only in the namespaces they may view — the rule Updates of
// Kubernetes actions and every Kubernetes list follow (updates/list.ts), so they can't disagree.
import "../server-only";
import { z } from "zod";
import { authorize } from "../authz/authorize";
import { kubeAccessOf, kubeScoped } from "../authz/kube-access";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { readableIds } from "../resources/read";
import { RESOURCE_TYPES } from "../resources/registry";
import { parseInput } from "../validation";
import { ALERT_LEVELS, ALERT_TYPES } from "./kinds";
import { ALERT_STATES } from "./types";
import { acknowledgeable } from "./may-acknowledge";

const flag = z.enum(["true", "false"]).transform((v) => v === "true");

export const ZListAlertsQuery = z
  .object({
    state: z.enum(ALERT_STATES).default("all"),
    /** Kept for the Server page's card: `open=true` is `state=open`. */
    open: flag.optional(),
    type: z.enum(ALERT_TYPES).optional(),
    level: z.enum(ALERT_LEVELS).optional(),
    targetType: z.string().max(32).optional(),
    targetId: z.string().max(64).optional(),
    acknowledged: flag.optional(),
    /** Matches the target's name or the message, case-insensitively. */
    q: z.string().trim().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** Id of the last alert of the previous page. */
    cursor: z.string().max(64).optional(),
  })
  .strict();

/** The alerts the actor may see; `targetId` narrows the Kubernetes scopes looked up to one cluster's. */
export async function alertVisibility(actor: Actor, targetId?: string): Promise<Prisma.AlertWhereInput> {
  if (actor.admin && !kubeScoped(actor)) return {};
  const or: Prisma.AlertWhereInput[] = [];
  for (const def of RESOURCE_TYPES) {
    const ids = await readableIds(actor, def.key);
    // A Kubernetes alert (namespace set) is seen by its namespace's viewers, not by the cluster's readers.
    if (ids.length) or.push({ targetType: def.key, targetId: { in: ids }, namespace: null });
  }
  const access = await kubeAccessOf(actor);
  const scopes = await db.alert.findMany({
    where: { targetType: "cluster", namespace: { not: null }, ...(targetId ? { targetId } : {}) },
    distinct: ["targetId", "namespace"],
    select: { targetId: true, namespace: true },
  });
  if (scopes.length) {
    // Policies name clusters: judge by the cluster's name now, not the one recorded (it may have been renamed).
    const clusters = await db.cluster.findMany({ where: { id: { in: scopes.map((s) => s.targetId) } }, select: { id: true, name: true } });
    const nameOf = new Map(clusters.map((c) => [c.id, c.name]));
    for (const s of scopes) {
      const name = nameOf.get(s.targetId);
      if (name !== undefined && access.allows(name, s.namespace || null, "view"))
        or.push({ targetType: "cluster", targetId: s.targetId, namespace: s.namespace });
    }
  }
  // Nothing readable: a condition no row meets.
  return or.length ? { OR: or } : { id: { in: [] } };
}

function filtersOf(q: z.infer<typeof ZListAlertsQuery>): Prisma.AlertWhereInput {
  const state = q.open ? "open" : q.state;
  return {
    ...(state === "open" ? { resolvedAt: null } : state === "resolved" ? { resolvedAt: { not: null } } : {}),
    ...(q.type ? { type: q.type } : {}),
    ...(q.level ? { severity: q.level } : {}),
    ...(q.targetType ? { targetType: q.targetType } : {}),
    ...(q.targetId ? { targetId: q.targetId } : {}),
    ...(q.acknowledged === undefined ? {} : { acknowledgedAt: q.acknowledged ? { not: null } : null }),
    ...(q.q ? { OR: [{ targetName: { contains: q.q, mode: "insensitive" } }, { message: { contains: q.q, mode: "insensitive" } }] } : {}),
  };
}

const ROW = {
  id: true,
  type: true,
  severity: true,
  targetType: true,
  targetId: true,
  targetName: true,
  namespace: true,
  message: true,
  data: true,
  openedAt: true,
  resolvedAt: true,
  acknowledgedAt: true,
  acknowledgedById: true,
} as const;

export async function listAlerts(actor: Actor, query: unknown) {
  const q = parseInput(ZListAlertsQuery, query);
  await authorize(actor, "list", { kind: "collection", type: "resources" });
  const rows = await db.alert.findMany({
    where: { AND: [await alertVisibility(actor, q.targetId), filtersOf(q)] },
    select: ROW,
    orderBy: [{ openedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  // Who acknowledged each (no relation on the row: a deleted user leaves the acknowledgement).
  const ackers = [...new Set(page.flatMap((a) => (a.acknowledgedById ? [a.acknowledgedById] : [])))];
  const users = ackers.length ? await db.user.findMany({ where: { id: { in: ackers } }, select: { id: true, username: true } }) : [];
  const nameOf = new Map(users.map((u) => [u.id, u.username]));
  const clusterIds = [...new Set(page.flatMap((a) => (a.targetType === "cluster" ? [a.targetId] : [])))];
  const clusters = clusterIds.length ? await db.cluster.findMany({ where: { id: { in: clusterIds } }, select: { id: true, name: true } }) : [];
  const mayAck = await acknowledgeable(actor, page, new Map(clusters.map((c) => [c.id, c.name])));
  const items = page.map((a) => ({
    ...a,
    acknowledgedBy: a.acknowledgedById ? (nameOf.get(a.acknowledgedById) ?? null) : null,
    /** Whether this user may acknowledge it (shows the button; the acknowledgement checks again). */
    canAcknowledge: mayAck.has(a.id),
  }));
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}

/** How many open alerts the actor may see (the top bar's count). */
export async function openAlertCount(actor: Actor): Promise<{ open: number; unacknowledged: number }> {
  await authorize(actor, "list", { kind: "collection", type: "resources" });
  const visible = await alertVisibility(actor);
  const [open, unacknowledged] = await Promise.all([
    db.alert.count({ where: { AND: [visible, { resolvedAt: null }] } }),
    db.alert.count({ where: { AND: [visible, { resolvedAt: null, acknowledgedAt: null }] } }),
  ]);
  return { open, unacknowledged };
}
