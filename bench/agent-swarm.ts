// The load process of bench/agents-load.ts: many simulated agents, each one real WebSocket
// speaking lib/protocol/agent.ts as agent/connection.ts and agent/main.ts do (Bearer enrollment
// token, then the credential core sends back; hello; a heartbeat every 3 s; a stats sample at the
// welcome's interval). It runs in its own process so that its CPU is not counted as core's.
// Started by agents-load.ts with fork(); talks to it over IPC only (the tokens never touch disk).
import os from "node:os";
import WebSocket from "ws";
import { PROTOCOL_VERSION, ZCoreMessage, type AgentMessage, type StatsSample } from "@/lib/protocol/agent";

export type SwarmCommand = { type: "start"; url: string; tokens: string[]; batch: number } | { type: "counts" } | { type: "stop" };
export interface SwarmCounts {
  type: "counts";
  /** Sockets that got their welcome and sent their hello. */
  welcomed: number;
  open: number;
  /** Unexpected closes (each one redials, as a real agent would). */
  closes: number;
  errors: number;
  lastError: string;
  heartbeats: number;
  stats: number;
  /** This process's own CPU time so far (ms), to show the load tool wasn't the bottleneck. */
  cpuMs: number;
}

const HEARTBEAT_MS = 3_000;
const counts: SwarmCounts = { type: "counts", welcomed: 0, open: 0, closes: 0, errors: 0, lastError: "", heartbeats: 0, stats: 0, cpuMs: 0 };
const sockets = new Set<WebSocket>();
let stopping = false;

/** A host's figures that stay below every default alert threshold, drifting a little like a real one. */
function sample(i: number, netBase: number): StatsSample {
  const gb = 1024 ** 3;
  return {
    at: new Date().toISOString(),
    cpuPercent: 5 + Math.random() * 20,
    load: [0.3, 0.25, 0.2],
    memTotalBytes: 8 * gb,
    memUsedBytes: (3 + Math.random()) * gb,
    disks: [{ mount: "/", totalBytes: 100 * gb, usedBytes: (40 + (i % 10)) * gb }],
    netRxBytes: netBase * 1000,
    netTxBytes: netBase * 400,
  };
}

/** One agent: dials, trades its token for a credential on the first welcome, and redials with that after a drop. */
function agent(url: string, token: string, index: number): Promise<void> {
  let secret = token;
  let welcomedOnce = false;
  return new Promise((resolveFirst) => {
    const dial = () => {
      const ws = new WebSocket(`${url.replace(/^http/, "ws")}/api/ws/agent`, { headers: { authorization: `Bearer ${secret}` }, handshakeTimeout: 30_000 });
      sockets.add(ws);
      const timers: NodeJS.Timeout[] = [];
      let opened = false;
      const send = (message: AgentMessage) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(message));
      ws.on("open", () => {
        opened = true;
        counts.open++;
        send({
          type: "hello",
          protocol: PROTOCOL_VERSION,
          version: "bench-swarm",
          hostname: `bench-host-${index}`,
          capabilities: { docker: true, compose: "v2", terminals: true, kubernetes: null },
        });
        timers.push(
          setInterval(() => {
            send({ type: "heartbeat" });
            counts.heartbeats++;
          }, HEARTBEAT_MS),
        );
      });
      ws.on("message", (raw) => {
        const parsed = ZCoreMessage.safeParse(JSON.parse(String(raw)));
        if (!parsed.success || parsed.data.type !== "welcome") return;
        if (parsed.data.credential) secret = parsed.data.credential;
        // Agents connect at different moments: a random phase keeps the fleet's samples spread
        // over the interval, as they would be, instead of 1,000 arriving in the same tick.
        const every = parsed.data.statsIntervalSeconds * 1000;
        let net = 0;
        timers.push(
          setTimeout(
            () =>
              timers.push(
                setInterval(() => {
                  send({ type: "stats", sample: sample(index, ++net) });
                  counts.stats++;
                }, every),
              ),
            Math.random() * every,
          ),
        );
        if (!welcomedOnce) {
          welcomedOnce = true;
          counts.welcomed++;
          resolveFirst();
        }
      });
      ws.on("error", (e) => {
        counts.errors++;
        counts.lastError = e.message;
      });
      ws.on("close", (code, reason) => {
        for (const t of timers) clearInterval(t);
        sockets.delete(ws);
        if (opened) counts.open--;
        if (stopping) return;
        counts.closes++;
        counts.lastError = `closed ${code} ${reason.toString()}`;
        setTimeout(dial, 1_000);
      });
    };
    dial();
  });
}

function report() {
  const usage = process.cpuUsage();
  counts.cpuMs = (usage.user + usage.system) / 1000;
  process.send?.(counts);
}

process.on("message", (message: SwarmCommand) => {
  if (message.type === "counts") return report();
  if (message.type === "stop") {
    stopping = true;
    for (const ws of sockets) ws.close(1000, "bench over");
    setTimeout(() => process.exit(0), 500);
    return;
  }
  void (async () => {
    // Dialled in batches, like a fleet coming up over a few seconds rather than one SYN flood.
    for (let i = 0; i < message.tokens.length; i += message.batch) {
      await Promise.all(message.tokens.slice(i, i + message.batch).map((token, j) => agent(message.url, token, i + j)));
    }
  })();
});

setInterval(report, 1_000);
process.on("disconnect", () => process.exit(0));
console.log(`agent swarm ready (pid ${process.pid}, ${os.cpus().length} cpus)`);
