// Alerts a user may see: those on resources they can read.
import "../server-only";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { readableIds } from "../resources/read";
import { isResourceTypeKey } from "../resources/registry";

export async function listAlerts(actor: Actor, opts: { open?: boolean; targetId?: string } = {}) {
  await authorize(actor, "list", { kind: "collection", type: "resources" });
  const alerts = await db.alert.findMany({
    where: { ...(opts.open ? { resolvedAt: null } : {}), ...(opts.targetId ? { targetId: opts.targetId } : {}) },
    orderBy: { openedAt: "desc" },
    take: 200,
  });
  const visible = new Map<string, Set<string>>();
  const out = [];
  for (const alert of alerts) {
    if (!isResourceTypeKey(alert.targetType)) continue;
    if (!visible.has(alert.targetType)) visible.set(alert.targetType, new Set(await readableIds(actor, alert.targetType)));
    if (visible.get(alert.targetType)!.has(alert.targetId)) out.push(alert);
  }
  return out;
}
