// Work no person starts at the keyboard — a schedule's tick, a webhook's push, a sync's poll —
// acts as the user who last saved the resource that set it up, with that user's permissions
// checked at every step (never an admin's unless they are one). The Update credits that user
// and names what started it in `via` (Actor.onBehalf).
import "../server-only";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import type { ResourceTypeKey } from "../resources/define";
import { resourceType } from "../resources/registry";
import { resourceDelegate } from "../resources/store";
import { actorOfUser, type Actor } from "./actor";

/** The user a resource's unattended work acts as, acting for `by` (e.g. "schedule", "GitHub webhook"), or why there is none. */
export async function actorSavedBy(type: ResourceTypeKey, id: string, by: string): Promise<Actor> {
  const row = await resourceDelegate(db, type).findUnique({ where: { id }, select: { name: true, updatedById: true, createdById: true } });
  if (!row) throw notFound(resourceType(type).label);
  const userId = (row.updatedById ?? row.createdById) as string | null;
  const user = userId ? await db.user.findUnique({ where: { id: userId }, select: { id: true, username: true, admin: true, enabled: true } }) : null;
  const what = resourceType(type).label.toLowerCase();
  if (!user) throw new AppError("CONFLICT", `the user who last saved the ${what} no longer exists; save it again to run it as yourself`);
  if (!user.enabled) throw new AppError("CONFLICT", `${user.username}, who last saved the ${what}, is disabled; save it again to run it as yourself`);
  return { ...actorOfUser(user), onBehalf: by };
}
