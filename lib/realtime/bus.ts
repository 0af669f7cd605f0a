// In-process publish/subscribe for live events (Update progress, resource state). Browser
// sockets (lib/realtime/channels.ts) subscribe and filter per user.
// Scale-out note: with several core processes this becomes Postgres LISTEN/NOTIFY fan-out;
// every publisher already goes through `publish`, so that change stays in this file.
import { EventEmitter } from "node:events";

export type LiveEvent =
  | { type: "update.log"; updateId: string; stage: string; stream: "stdout" | "stderr"; line: string }
  | { type: "update.stage"; updateId: string; stage: string; command: string; status: "start" | "end"; success?: boolean }
  | { type: "update.done"; updateId: string; success: boolean; error: string | null }
  /** Sent once on subscribing: the lines so far (null when the Update isn't running: read the stored log). */
  | { type: "update.snapshot"; updateId: string; lines: { stage: string; stream: "stdout" | "stderr"; line: string }[] | null }
  | { type: "resource.changed"; resourceType: string; resourceId: string };

const globalBus = globalThis as unknown as { wheelhouseBus?: EventEmitter };
const emitter = (globalBus.wheelhouseBus ??= new EventEmitter().setMaxListeners(0));

export function publish(event: LiveEvent): void {
  emitter.emit("event", event);
}

export function subscribe(listener: (event: LiveEvent) => void): () => void {
  emitter.on("event", listener);
  return () => emitter.off("event", listener);
}
