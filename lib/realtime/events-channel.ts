// /api/ws/events — the browser's live feed. A browser subscribes to Updates it may read and
// receives their log lines as they happen; resource changes are forwarded only for
// resources the user can read, so the feed reveals nothing the API wouldn't. When access may
// have shrunk (lib/realtime/access.ts) the cached answers are dropped and every subscription
// is checked again, so a revoked grant stops the very next event.
import { z } from "zod";
import { accessOf } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { atLeast } from "../authz/permissions";
import { db } from "../db";
import { actionsInCluster } from "../kube/catalog";
import { isResourceTypeKey } from "../resources/registry";
import { resourceDelegate } from "../resources/store";
import { getUpdate } from "../updates/list";
import { liveLines } from "../updates/progress";
import { subscribe, type LiveEvent } from "./bus";
import type { UserChannel } from "./socket-router";

const ZClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("subscribe"), updateId: z.string().max(64) }),
  z.object({ type: z.literal("unsubscribe"), updateId: z.string().max(64) }),
]);

type Changed = Extract<LiveEvent, { type: "resource.changed" }>;

/** Whether the actor may read the resource an event is about. */
export async function canRead(actor: Actor, event: Changed) {
  if (!isResourceTypeKey(event.resourceType)) return false;
  const row = await resourceDelegate(db, event.resourceType).findUnique({ where: { id: event.resourceId }, select: { id: true, name: true } });
  if (!row) return false;
  if (atLeast((await accessOf(actor, event.resourceType, row)).level, "Read")) return true;
  // Kubernetes policies grant views inside a cluster without a grant on the cluster resource.
  return event.resourceType === "cluster" && (await actionsInCluster(actor, row.id)).includes("view");
}

/**
 * The answer per resource for a short while: a busy cluster changes many times a second, and
 * re-checking for every event on every socket would put a query on the hottest path we have.
 */
const ACCESS_TTL_MS = 30_000;
function cachedCanRead(actor: Actor) {
  const cache = new Map<string, { at: number; ok: Promise<boolean> }>();
  return (event: Changed) => {
    const key = `${event.resourceType}:${event.resourceId}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ACCESS_TTL_MS) return hit.ok;
    const ok = canRead(actor, event).catch(() => false);
    cache.set(key, { at: Date.now(), ok });
    return ok;
  };
}

export const eventsChannel: UserChannel = {
  authorize: async () => {}, // any signed-in user; each event is filtered below
  open: (socket, opened, _url, access) => {
    let actor = opened;
    const updates = new Set<string>();
    let readable = cachedCanRead(actor);
    const send = (event: LiveEvent) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(event));
    // Resource events wait for their read check in arrival order, so none overtakes another.
    let delivered = Promise.resolve();
    const unsubscribe = subscribe((event) => {
      if (event.type === "resource.changed") {
        const check = readable(event);
        delivered = delivered.then(() => check).then((ok) => void (ok && send(event)));
      } else if (updates.has(event.updateId)) {
        send(event);
      }
    });
    access.onRecheck(async (now) => {
      actor = now;
      readable = cachedCanRead(now);
      for (const id of [...updates]) {
        const still = await getUpdate(now, id).then(() => true, () => false);
        if (still) continue;
        updates.delete(id);
        send({ type: "update.done", updateId: id, success: false, error: "Your access to this update was revoked" });
      }
    });
    socket.on("message", (raw) => {
      const parsed = ZClientMessage.safeParse((() => { try { return JSON.parse(String(raw)); } catch { return null; } })());
      if (!parsed.success) return;
      if (parsed.data.type === "unsubscribe") return void updates.delete(parsed.data.updateId);
      const id = parsed.data.updateId;
      // Subscribing is reading: the same visibility rules as GET /api/v1/updates/{id}. A re-check
      // that lands while this one runs wins: the subscription is judged again as the actor now is.
      const asked = actor;
      getUpdate(asked, id).then(
        async () => {
          if (asked !== actor && !(await getUpdate(actor, id).then(() => true, () => false))) {
            return send({ type: "update.done", updateId: id, success: false, error: "Your access to this update was revoked" });
          }
          // Snapshot and subscription in the same tick: no line is missed or sent twice.
          send({ type: "update.snapshot", updateId: id, lines: liveLines(id) });
          updates.add(id);
        },
        () => send({ type: "update.done", updateId: id, success: false, error: "Not found" }),
      );
    });
    socket.on("close", unsubscribe);
    socket.send(JSON.stringify({ type: "ready", user: actor.username }));
  },
};
