// Publish/subscribe for live events (Update progress, resource state, cluster changes; their
// shapes are in lib/protocol/live.ts). Browser sockets (lib/realtime/events-channel.ts)
// subscribe and filter per user. Every event is also sent to the other core processes
// (lib/cluster/notify.ts), which hand it to their own subscribers: a browser sees what happens
// whichever core it is connected to.
import { EventEmitter } from "node:events";
import { broadcast, onClusterMessage } from "../cluster/notify";
import type { LiveEvent } from "../protocol/live";

export type { LiveEvent } from "../protocol/live";

const globalBus = globalThis as unknown as { wheelhouseBus?: EventEmitter };
const emitter = (globalBus.wheelhouseBus ??= new EventEmitter().setMaxListeners(0));

onClusterMessage("live", "bus", (event) => void emitter.emit("event", event as LiveEvent));

export function publish(event: LiveEvent): void {
  emitter.emit("event", event);
  broadcast("live", event);
}

export function subscribe(listener: (event: LiveEvent) => void): () => void {
  emitter.on("event", listener);
  return () => emitter.off("event", listener);
}
