// The browser⇄core live-feed protocol (/api/ws/events): zod schemas imported by the bus and
// the channel (lib/realtime) and by the browser's client (components/live). Pure — no server
// imports — so client components can use it. JSON text frames only.
import { z } from "zod";

const ZStream = z.enum(["stdout", "stderr"]);
const ZUpdateId = z.string().max(64);

// ---------- core → browser ----------

export const ZLiveEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("update.log"), updateId: z.string(), stage: z.string(), stream: ZStream, line: z.string() }),
  z.object({
    type: z.literal("update.stage"),
    updateId: z.string(),
    stage: z.string(),
    command: z.string(),
    status: z.enum(["start", "end"]),
    success: z.boolean().optional(),
  }),
  z.object({ type: z.literal("update.done"), updateId: z.string(), success: z.boolean(), error: z.string().nullable() }),
  /** Sent once on subscribing: the lines so far (null when the Update isn't running: read the stored log). */
  z.object({
    type: z.literal("update.snapshot"),
    updateId: z.string(),
    lines: z.array(z.object({ stage: z.string(), stream: ZStream, line: z.string() })).nullable(),
  }),
  /** A resource's row or state changed; sent to whoever may read that resource. */
  z.object({ type: z.literal("resource.changed"), resourceType: z.string(), resourceId: z.string() }),
  /**
   * What a cluster's agent watches changed (objects, timeline, health); sent to whoever may view
   * at least one namespace of the cluster, at most once a second per cluster.
   */
  z.object({ type: z.literal("kube.changed"), clusterId: z.string() }),
  /** An alert opened, resolved or was acknowledged; sent to whoever may see its target. */
  z.object({ type: z.literal("alerts.changed"), alertId: z.string() }),
]);
/** What core publishes on its bus (lib/realtime/bus.ts) and forwards to browsers, filtered per user. */
export type LiveEvent = z.infer<typeof ZLiveEvent>;
/** The events about one Update, delivered only to browsers subscribed to it. */
export type UpdateEvent = Extract<LiveEvent, { type: `update.${string}` }>;

export const ZLiveServerMessage = z.union([
  ZLiveEvent,
  /** The first frame: the feed is open for this user. */
  z.object({ type: z.literal("ready"), user: z.string() }),
  /** A browser message the channel could not take; the feed stays open. */
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type LiveServerMessage = z.infer<typeof ZLiveServerMessage>;

// ---------- browser → core ----------

export const ZLiveClientMessage = z.discriminatedUnion("type", [
  /** Start receiving an Update's progress (a snapshot first); refused with update.done when not readable. */
  z.object({ type: z.literal("subscribe"), updateId: ZUpdateId }),
  z.object({ type: z.literal("unsubscribe"), updateId: ZUpdateId }),
]);
export type LiveClientMessage = z.infer<typeof ZLiveClientMessage>;

/** A browser frame as the channel sees it: the message, or why it isn't one (sent back as an `error` frame). */
export function parseLiveClientMessage(raw: string): { ok: true; message: LiveClientMessage } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: "Not a live-feed message: the frame is not JSON" };
  }
  const parsed = ZLiveClientMessage.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  return { ok: false, error: `Not a live-feed message${where}: ${issue?.message ?? "invalid"} (expected {"type":"subscribe"|"unsubscribe","updateId":"…"})` };
}
