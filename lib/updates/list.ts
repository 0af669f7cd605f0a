// Reading the Update log, filtered to what the actor may see: Updates of resources they can
// read, of tags, and of their own API keys; everything else (users, groups, grants) is admins'.
import "../server-only";
import { z } from "zod";
import { authorize } from "../authz/authorize";
import { kubeAccessOf, kubeScoped } from "../authz/kube-access";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { readableIds } from "../resources/read";
import { RESOURCE_TYPES } from "../resources/registry";
import { parseInput } from "../validation";

export const ZListUpdatesQuery = z
  .object({
    targetType: z.string().max(32).optional(),
    targetId: z.string().max(64).optional(),
    /** running, success or failed. */
    outcome: z.enum(["running", "success", "failed"]).optional(),
    /** Who started it: a person (or their API key), a schedule, or a webhook. */
    trigger: z.enum(["user", "schedule", "webhook"]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** Id of the last Update of the previous page. */
    cursor: z.string().max(64).optional(),
  })
  .strict();

const SUMMARY = {
  id: true,
  operation: true,
  targetType: true,
  targetId: true,
  targetName: true,
  status: true,
  success: true,
  error: true,
  startedAt: true,
  endedAt: true,
  operator: { select: { id: true, username: true } },
  /** Who ran it when no user did, e.g. "GitHub webhook". */
  via: true,
} as const;

/** The Updates the actor may see; `targetId` narrows the work to one target's (a resource page, one Update). */
export async function visibility(actor: Actor, targetId?: string | null): Promise<Prisma.UpdateWhereInput> {
  if (actor.admin && actor.maxLevel === "Write" && !kubeScoped(actor)) return {};
  const or: Prisma.UpdateWhereInput[] = [{ targetType: "tag" }, { targetType: "api-key", operatorId: actor.id }];
  for (const def of RESOURCE_TYPES) {
    const ids = await readableIds(actor, def.key);
    // A Kubernetes action (namespace set) is seen by its namespace's viewers, not by the cluster's readers.
    if (ids.length) or.push({ targetType: def.key, targetId: { in: ids }, namespace: null });
  }
  or.push(...(await kubeVisibility(actor, targetId)));
  return { OR: or };
}

/** Kubernetes action Updates in the (cluster, namespace) pairs the actor may view; "" is cluster-wide. */
async function kubeVisibility(actor: Actor, targetId?: string | null): Promise<Prisma.UpdateWhereInput[]> {
  const access = await kubeAccessOf(actor);
  const scopes = await db.update.findMany({
    where: { targetType: "cluster", namespace: { not: null }, ...(targetId ? { targetId } : {}) },
    distinct: ["targetId", "namespace"],
    select: { targetId: true, namespace: true },
  });
  // Policies name clusters: judge by the cluster's name now, not the one recorded (it may have been renamed).
  const clusters = await db.cluster.findMany({ where: { id: { in: scopes.map((s) => s.targetId ?? "") } }, select: { id: true, name: true } });
  const nameOf = new Map(clusters.map((c) => [c.id, c.name]));
  return scopes
    .filter((s) => nameOf.has(s.targetId ?? "") && access.allows(nameOf.get(s.targetId!)!, s.namespace || null, "view"))
    .map((s) => ({ targetType: "cluster", targetId: s.targetId, namespace: s.namespace }));
}

export async function listUpdates(actor: Actor, query: unknown) {
  const q = parseInput(ZListUpdatesQuery, query);
  await authorize(actor, "list", { kind: "collection", type: "update" });
  const rows = await db.update.findMany({
    where: { AND: [await visibility(actor, q.targetId), { targetType: q.targetType, targetId: q.targetId }, ...filters(q)] },
    select: SUMMARY,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit);
  // limit is at least 1, so when there is more there is a last item to continue after.
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}

const OUTCOME: Record<string, Prisma.UpdateWhereInput> = {
  running: { status: { not: "Complete" } },
  success: { status: "Complete", success: true },
  failed: { status: "Complete", success: false },
};
// Webhook Updates name the provider ("GitHub webhook"); schedules act for a user with via "schedule".
const TRIGGER: Record<string, Prisma.UpdateWhereInput> = {
  user: { via: null },
  schedule: { via: "schedule" },
  webhook: { via: { endsWith: "webhook" } },
};

function filters(q: z.infer<typeof ZListUpdatesQuery>): Prisma.UpdateWhereInput[] {
  return [q.outcome ? OUTCOME[q.outcome]! : {}, q.trigger ? TRIGGER[q.trigger]! : {}];
}

export async function getUpdate(actor: Actor, id: string) {
  await authorize(actor, "list", { kind: "collection", type: "update" });
  const target = await db.update.findUnique({ where: { id }, select: { targetId: true } });
  const update = await db.update.findFirst({
    where: { AND: [{ id }, await visibility(actor, target?.targetId)] },
    select: { ...SUMMARY, previousConfig: true, newConfig: true, detail: true, parentId: true, logs: { orderBy: { startedAt: "asc" } } },
  });
  if (!update) throw new AppError("NOT_FOUND", "Update not found");
  // A procedure run's steps: the child Updates this actor may see (a step may have run on something they can't).
  const children = update.detail
    ? await db.update.findMany({ where: { AND: [{ parentId: id }, await visibility(actor)] }, select: SUMMARY, orderBy: { startedAt: "asc" } })
    : [];
  return { ...update, children };
}
