// Fan-out latency (issue 11): from an agent sending an Update's log line to a browser's events
// socket receiving it, p50/p99, on one core and across two core processes, in the same run.
// A scripted agent (a real socket, real enrollment, the real protocol) is connected to core A and
// receives a real deploy command started through the execute route; it then sends `command.log`
// lines stamped with the moment they were sent, and a browser-side socket (API key, subscribed to
// the Update on /api/ws/events) stamps their arrival. Both ends live in this process, so they
// read the same clock. The setups take turns, round after round, so that whatever else this
// machine is doing weighs on each alike. Core B runs throughout; in the single-core setup it
// only hears A's live events, as any other core of a cluster would. Figures are printed, never asserted.
//   npx tsx scripts/with-db.ts tsx bench/fanout.ts [lines per round=300] [rounds=3]
import WebSocket from "ws";
import { freePorts } from "@/agent/docker/test-support";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { HEARTBEAT_MS } from "@/lib/cluster/nodes";
import { db } from "@/lib/db";
import { PROTOCOL_VERSION } from "@/lib/protocol/agent";
import { createResource } from "@/lib/resources/write";
import { until } from "@/tests/helpers/core-agent";
import { startCoreProcess, type CoreProcess } from "@/tests/helpers/core-process";
import { makeUser, resetDb, type TestUser } from "@/tests/helpers/db";
import { median, ms, percentile } from "./stats";

const linesPerRound = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 3);
/** Lines sent first in every round and left out of the figures (connections, JIT, caches). */
const WARM_UP_LINES = 20;
/** A chatty deploy's pace (100 lines/s): latency, not throughput, is what is measured. */
const LINE_INTERVAL_MS = 10;

type Message = { type: string; [key: string]: unknown };
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An agent whose every message is scripted here, enrolled for real on `core`. */
async function scriptedAgent(admin: TestUser, core: CoreProcess) {
  const serverId = (await createResource(admin.actor, "server", { name: "fanout-host" })).id;
  const { token, agentId } = await createEnrollmentToken(admin.actor, serverId);
  const received: Message[] = [];
  const ws = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/agent`, { headers: { authorization: `Bearer ${token}` } });
  ws.on("message", (raw) => received.push(JSON.parse(String(raw)) as Message));
  let closed = "";
  ws.on("close", (code, reason) => (closed = `core closed the scripted agent's socket: ${code} ${reason.toString()}`));
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  const send = (message: Record<string, unknown>) => ws.send(JSON.stringify(message));
  send({
    type: "hello",
    protocol: PROTOCOL_VERSION,
    version: "bench-fanout",
    hostname: "fanout-host",
    capabilities: { docker: true, compose: null, terminals: true, kubernetes: null },
  });
  const heartbeat = setInterval(() => send({ type: "heartbeat" }), 3_000);
  await until(async () => (await db.agent.findUnique({ where: { id: agentId } }))?.coreId === core.coreId, "the scripted agent on core A");
  return {
    serverId,
    send,
    /** The next command core sends that this agent hasn't taken yet; fails at once, saying why, if the Update ended first. */
    nextCommand: async (ended: () => Message | undefined) => {
      const command = await until(async () => {
        const end = ended();
        if (end || closed) throw new Error(`no command reached the scripted agent: ${closed || `the deploy ended first (${String(end!.error)})`}`);
        return received.find((m) => m.type === "command");
      }, "a command for the scripted agent");
      received.splice(received.indexOf(command), 1);
      return command.commandId as string;
    },
    close: () => (clearInterval(heartbeat), ws.close()),
  };
}

/** A browser's live feed on `core`. */
async function browser(admin: TestUser, core: CoreProcess) {
  const ws = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/events`, { headers: { "x-api-key": admin.key } });
  const received: Message[] = [];
  const arrivals = new Map<number, number>();
  ws.on("message", (raw) => {
    const at = now();
    const message = JSON.parse(String(raw)) as Message;
    const stamp = message.type === "update.log" ? /^bench-line (\d+) sent-at (\S+)$/.exec(message.line as string) : null;
    if (stamp) arrivals.set(Number(stamp[1]), at - Number(stamp[2]));
    else received.push(message);
  });
  await until(async () => received.some((m) => m.type === "ready"), "the live feed to be ready");
  return { ws, received, arrivals };
}

interface Setup {
  name: string;
  /** Where the API call that starts the deploy goes (that core follows the command). */
  execute: CoreProcess;
  /** Where the browser's events socket is. */
  feed: CoreProcess;
  latencies: number[];
}

/** One deploy: the agent sends its lines at a steady pace; the browser records each one's latency. */
async function round(admin: TestUser, agent: Awaited<ReturnType<typeof scriptedAgent>>, deploymentId: string, setup: Setup) {
  const feed = await browser(admin, setup.feed);
  const res = await setup.execute.execute(admin.key, "deployments", deploymentId, "deploy");
  if (res.status !== 202) throw new Error(`execute answered ${res.status}: ${JSON.stringify(res.json)}`);
  const updateId = res.json.updateId as string;
  feed.ws.send(JSON.stringify({ type: "subscribe", updateId }));
  await until(async () => feed.received.some((m) => m.type === "update.snapshot" && m.updateId === updateId), "the browser's subscription");
  const commandId = await agent.nextCommand(() => feed.received.find((m) => m.type === "update.done" && m.updateId === updateId));
  agent.send({ type: "command.ack", commandId, duplicate: false });
  agent.send({ type: "command.stage", commandId, stage: "pull", command: "docker pull", status: "start" });
  const total = WARM_UP_LINES + linesPerRound;
  for (let i = 0; i < total; i++) {
    agent.send({ type: "command.log", commandId, stage: "pull", stream: "stdout", line: `bench-line ${i} sent-at ${now()}` });
    await sleep(LINE_INTERVAL_MS);
  }
  await until(async () => feed.arrivals.size === total, `all ${total} lines on the browser (${feed.arrivals.size} so far)`);
  agent.send({ type: "command.stage", commandId, stage: "pull", status: "end", success: true });
  agent.send({ type: "command.result", commandId, success: true });
  await until(async () => feed.received.find((m) => m.type === "update.done" && m.updateId === updateId), "the deploy's end on the browser");
  feed.ws.close();
  for (let i = WARM_UP_LINES; i < total; i++) setup.latencies.push(feed.arrivals.get(i)!);
}

async function main() {
  await resetDb();
  const admin = await makeUser({ admin: true });
  const [portA, portB] = await freePorts(2);
  const [a, b] = await Promise.all([startCoreProcess(portA!), startCoreProcess(portB!)]);
  // Each core caches which cores are alive for HEARTBEAT_MS, and a core that cached the set
  // before the other's row existed takes it for dead: its recovery sweep then marks an agent
  // that just connected to the other core as lost (reported, not worked around in lib/). Past
  // one cache period both see both, and the agent connects only then.
  await sleep(HEARTBEAT_MS + 1000);
  const agent = await scriptedAgent(admin, a);
  const deploymentId = (
    await createResource(admin.actor, "deployment", {
      name: "wh-bench-fanout",
      config: { serverId: agent.serverId, image: "bench/fanout:1", restart: "no", terminationTimeoutSeconds: 1 },
    })
  ).id;

  const setups: Setup[] = [
    { name: "single core: agent, API call and browser on A", execute: a, feed: a, latencies: [] },
    { name: "two cores: agent on A; API call and browser on B (replies forwarded to B)", execute: b, feed: b, latencies: [] },
    { name: "two cores: agent and API call on A; browser on B (live bus to B)", execute: a, feed: b, latencies: [] },
  ];
  for (let r = 0; r < rounds; r++) for (const setup of setups) await round(admin, agent, deploymentId, setup);

  const single = setups[0]!;
  console.log(`Update log line, agent's send → browser's receive; ${rounds} rounds × ${linesPerRound} lines at ${1000 / LINE_INTERVAL_MS}/s per setup`);
  for (const setup of setups) {
    const [p50, p99] = [median(setup.latencies), percentile(setup.latencies, 99)];
    const ratio =
      setup === single
        ? ""
        : `  (two-core/single-core: p50 ${(p50 / median(single.latencies)).toFixed(2)}x, p99 ${(p99 / percentile(single.latencies, 99)).toFixed(2)}x)`;
    console.log(`${setup.name}: p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(Math.max(...setup.latencies))}${ratio}`);
  }

  agent.close();
  await Promise.all([a.kill(), b.kill()]);
  await db.$disconnect();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
