import { EventEmitter } from "node:events";
import type { WebSocket } from "ws";
import { expect, it, vi } from "vitest";
import { register } from "./hub";

/** Enough of a ws socket for the hub: messages in, close, send. */
function fakeSocket() {
  const socket = Object.assign(new EventEmitter(), { OPEN: 1, readyState: 1, send: () => {}, close: () => {}, terminate: () => {} });
  return socket as unknown as WebSocket & EventEmitter;
}

const sample = (cpuPercent: number) => ({
  type: "stats",
  sample: { at: new Date().toISOString(), cpuPercent, load: [0, 0, 0], memTotalBytes: 1, memUsedBytes: 1, disks: [], netRxBytes: 0, netTxBytes: 0 },
});

it("keeps only the latest stats sample waiting while core is behind, so memory stays flat, and handles other messages in order", async () => {
  const socket = fakeSocket();
  const handled: string[] = [];
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  register("agent-behind", socket, {
    onMessage: async (_conn, message) => {
      if (message.type === "heartbeat" && handled.length === 0) await gate; // core is slow on the first message
      handled.push(message.type === "stats" ? `stats ${message.sample.cpuPercent}` : message.type);
    },
    onClose: () => {},
    onKubeChanges: () => {},
  });
  socket.emit("message", JSON.stringify({ type: "heartbeat" }));
  for (let i = 1; i <= 500; i++) socket.emit("message", JSON.stringify(sample(i)));
  socket.emit("message", JSON.stringify({ type: "heartbeat" }));
  socket.emit("message", JSON.stringify(sample(501)));
  openGate();
  // One stats turn, taken by the latest sample that arrived before it came (a gauge: the 500 older
  // ones are worth nothing once a newer one exists); the heartbeats keep their order.
  await vi.waitFor(() => expect(handled).toEqual(["heartbeat", "stats 501", "heartbeat"]));
});
