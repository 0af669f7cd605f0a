// In-process publish/subscribe for live events (Update progress, resource state, cluster
// changes; their shapes are in lib/protocol/live.ts). Browser sockets
// (lib/realtime/events-channel.ts) subscribe and filter per user.
// Scale-out note: with several core processes this becomes Postgres LISTEN/NOTIFY fan-out;
// every publisher already goes through `publish`, so that change stays in this file.
import { EventEmitter } from "node:events";
import type { LiveEvent } from "../protocol/live";

export type { LiveEvent } from "../protocol/live";

const globalBus = globalThis as unknown as { wheelhouseBus?: EventEmitter };
const emitter = (globalBus.wheelhouseBus ??= new EventEmitter().setMaxListeners(0));

export function publish(event: LiveEvent): void {
  emitter.emit("event", event);
}

export function subscribe(listener: (event: LiveEvent) => void): () => void {
  emitter.on("event", listener);
  return () => emitter.off("event", listener);
}
