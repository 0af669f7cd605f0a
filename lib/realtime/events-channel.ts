// /api/ws/events — the browser's live feed (messages: lib/protocol/live.ts). A browser
// subscribes to Updates it may read and receives their log lines as they happen; resource
// changes are forwarded only for resources the user can read, and a cluster's watched changes
// only to those who may view a namespace of it, so the feed reveals nothing the API wouldn't.
// When access may have shrunk (lib/realtime/access.ts) the cached answers are dropped and every
// subscription is checked again, so a revoked grant stops the very next event.
import { accessOf } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { atLeast } from "../authz/permissions";
import { db } from "../db";
import { kubeAccessOf } from "../authz/kube-access";
import { isResourceTypeKey } from "../resources/registry";
import { resourceDelegate } from "../resources/store";
import { getUpdate } from "../updates/list";
import { liveLines } from "../updates/progress";
import { parseLiveClientMessage, type LiveEvent, type LiveServerMessage } from "../protocol/live";
import { subscribe } from "./bus";
import type { UserChannel } from "./socket-router";

type Changed = Extract<LiveEvent, { type: "resource.changed" | "kube.changed" }>;

/** Whether the actor may read the resource an event is about. */
export async function canRead(actor: Actor, event: Extract<LiveEvent, { type: "resource.changed" }>) {
  if (!isResourceTypeKey(event.resourceType)) return false;
  const row = await resourceDelegate(db, event.resourceType).findUnique({ where: { id: event.resourceId }, select: { id: true, name: true } });
  if (!row) return false;
  return atLeast((await accessOf(actor, event.resourceType, row)).level, "Read");
}

/**
 * Whether the actor may see a cluster's watched changes: it may view at least one namespace of
 * it (a Kubernetes policy, or admin) — the rule every Kubernetes view filters by. A grant on the
 * Cluster resource alone shows no Kubernetes data, so it gets no kube.changed either.
 */
export async function seesCluster(actor: Actor, clusterId: string) {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { name: true } });
  return Boolean(cluster) && (await kubeAccessOf(actor)).actionsSomewhere(cluster!.name).includes("view");
}

/**
 * The answer per resource (or cluster) for a short while: a busy cluster changes many times a second, and
 * re-checking for every event on every socket would put a query on the hottest path we have.
 */
const ACCESS_TTL_MS = 30_000;
function cachedCanRead(actor: Actor) {
  const cache = new Map<string, { at: number; ok: Promise<boolean> }>();
  return (event: Changed) => {
    const key = event.type === "kube.changed" ? `kube:${event.clusterId}` : `${event.resourceType}:${event.resourceId}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ACCESS_TTL_MS) return hit.ok;
    const ok = (event.type === "kube.changed" ? seesCluster(actor, event.clusterId) : canRead(actor, event)).catch(() => false);
    cache.set(key, { at: Date.now(), ok });
    return ok;
  };
}

export const eventsChannel: UserChannel = {
  authorize: async () => {}, // any signed-in user; each event is filtered below
  open: (socket, opened, _url, access) => {
    let actor = opened;
    const updates = new Set<string>();
    /**
     * Updates whose subscription is being checked (a database read): an end published meanwhile
     * is kept and sent after the snapshot, so it can't fall between the read and the subscribing.
     */
    const subscribing = new Map<string, LiveServerMessage | null>();
    let readable = cachedCanRead(actor);
    const send = (event: LiveServerMessage) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(event));
    // Resource and cluster events wait for their check in arrival order, so none overtakes another.
    let delivered = Promise.resolve();
    const unsubscribe = subscribe((event) => {
      if (event.type === "resource.changed" || event.type === "kube.changed") {
        const check = readable(event);
        delivered = delivered.then(() => check).then((ok) => void (ok && send(event)));
      } else if (event.type === "alerts.changed") {
        // Only an id: the browser re-reads the alerts it may see (lib/alerts/list.ts).
        send(event);
      } else if (updates.has(event.updateId)) {
        send(event);
      } else if (event.type === "update.done" && subscribing.has(event.updateId)) {
        subscribing.set(event.updateId, event);
      }
    });
    access.onRecheck(async (now) => {
      actor = now;
      readable = cachedCanRead(now);
      for (const id of [...updates]) {
        const still = await getUpdate(now, id).then(
          () => true,
          () => false,
        );
        if (still) continue;
        updates.delete(id);
        send({ type: "update.done", updateId: id, success: false, error: "Your access to this update was revoked" });
      }
    });
    socket.on("message", (raw) => {
      const parsed = parseLiveClientMessage(String(raw));
      // A bad message is the browser's bug, not a reason to drop its feed: say what was wrong.
      if (!parsed.ok) return void send({ type: "error", message: parsed.error });
      if (parsed.message.type === "unsubscribe") return void updates.delete(parsed.message.updateId);
      const id = parsed.message.updateId;
      // Subscribing is reading: the same visibility rules as GET /api/v1/updates/{id}. A re-check
      // that lands while this one runs wins: the subscription is judged again as the actor now is.
      const asked = actor;
      subscribing.set(id, null);
      getUpdate(asked, id)
        .then(
          async (update) => {
            if (
              asked !== actor &&
              !(await getUpdate(actor, id).then(
                () => true,
                () => false,
              ))
            ) {
              return send({ type: "update.done", updateId: id, success: false, error: "Your access to this update was revoked" });
            }
            // Snapshot and subscription in the same tick: no line is missed or sent twice. One that
            // had ended when read gets no lines (null): no update.done will follow, read it stored.
            send({ type: "update.snapshot", updateId: id, lines: update.status === "Complete" ? null : liveLines(id) });
            const ended = subscribing.get(id);
            if (ended) send(ended);
            else updates.add(id);
          },
          () => send({ type: "update.done", updateId: id, success: false, error: "Not found" }),
        )
        .finally(() => subscribing.delete(id));
    });
    socket.on("close", unsubscribe);
    send({ type: "ready", user: actor.username });
  },
};
