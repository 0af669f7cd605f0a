// P7: what one core process spends holding a fleet of agents. N simulated agents (a separate
// load process, agent-swarm.ts, speaking the real protocol) enrol for real, then heartbeat every
// 3 s and send a stats sample every 5 s. After a warm-up, the core process's CPU (utime+stime
// from /proc) and RSS are sampled every second for the measured window. Goals (issue 11): < 25%
// of one core, < 300 MB. Figures are printed, never asserted; PostgreSQL's own CPU is not core's
// and is not counted.
//   npx tsx scripts/with-db.ts tsx bench/agents-load.ts [agents=1000] [seconds=60]
import { execFileSync, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { freePorts } from "@/agent/docker/test-support";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { until } from "@/tests/helpers/core-agent";
import { startCoreProcess } from "@/tests/helpers/core-process";
import { makeUser, resetDb } from "@/tests/helpers/db";
import type { SwarmCommand, SwarmCounts } from "./agent-swarm";

const agents = Number(process.argv[2] ?? 1000);
const seconds = Number(process.argv[3] ?? 60);
const WARM_UP_SECONDS = 15;
/** How many servers, tokens or sockets are in flight at once. */
const BATCH = 25;

const TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system, every thread) the process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

/** The whole machine's busy and total CPU time (shared with whatever else runs here). */
function machineCpu(): { busy: number; total: number } {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const n = values.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - (n[3] ?? 0) - (n[4] ?? 0), total };
}

/** The PostgreSQL backends serving this database (core's pool, and this process's few): core's queries cost CPU there too. */
async function databaseCpu(): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      out.set(pid, cpuSeconds(pid));
    } catch {
      // gone between the query and the read
    }
  }
  return out;
}

async function inBatches<T, R>(items: T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(...(await Promise.all(items.slice(i, i + BATCH).map((item, j) => fn(item, i + j)))));
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (n: number) => `${n.toFixed(1)}%`;

async function main() {
  await resetDb();
  const admin = await makeUser({ admin: true });
  const [port] = await freePorts(1);
  const core = await startCoreProcess(port!);

  // Enrolled the way an operator does it: a Server, then its one-time token (lib functions).
  let started = performance.now();
  const tokens = await inBatches(Array.from({ length: agents }), async (_, i) => {
    const server = await createResource(admin.actor, "server", { name: `bench-host-${i}` });
    return (await createEnrollmentToken(admin.actor, server.id)).token;
  });
  const enrolSeconds = (performance.now() - started) / 1000;

  // The reference: the same core with no agent (its own sweeps and heartbeat to the cluster).
  const IDLE_SECONDS = 10;
  const idleFrom = { at: performance.now(), cpu: cpuSeconds(core.child.pid!) };
  await sleep(IDLE_SECONDS * 1000);
  const idleCpu = ((cpuSeconds(core.child.pid!) - idleFrom.cpu) / ((performance.now() - idleFrom.at) / 1000)) * 100;
  const rssIdle = rssMb(core.child.pid!);

  const swarm = fork("bench/agent-swarm.ts", [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let counts: SwarmCounts | null = null;
  swarm.on("message", (m: SwarmCounts) => (counts = m));
  const command = (c: SwarmCommand) => swarm.send(c);
  /** The swarm's counters as of now (the periodic ones may be a second old). */
  const fresh = () => new Promise<SwarmCounts>((resolve) => (swarm.once("message", resolve), command({ type: "counts" })));
  // The first connection of each trades its token for a credential (authenticateAgent).
  started = performance.now();
  command({ type: "start", url: core.url, tokens, batch: BATCH });
  const connected = () => db.agent.count({ where: { connectedAt: { not: null }, coreId: core.coreId } });
  await until(async () => (await connected()) === agents, `${agents} agents connected to core (${JSON.stringify(counts)})`, 10 * 60_000);
  const connectSeconds = (performance.now() - started) / 1000;

  await sleep(WARM_UP_SECONDS * 1000);
  const pid = core.child.pid!;
  const snapshot = async () => ({
    at: performance.now(),
    cpu: cpuSeconds(pid),
    machine: machineCpu(),
    // Stored before sent, so a sample in flight counts as not yet stored rather than the reverse.
    stored: await db.serverStat.count(),
    swarm: await fresh(),
    database: await databaseCpu(),
  });
  const before = await snapshot();
  const rss: number[] = [];
  let busiest = 0;
  let last = { at: before.at, cpu: before.cpu };
  for (let s = 0; s < seconds; s++) {
    await sleep(1000);
    const now = { at: performance.now(), cpu: cpuSeconds(pid) };
    busiest = Math.max(busiest, (now.cpu - last.cpu) / ((now.at - last.at) / 1000));
    last = now;
    rss.push(rssMb(pid));
  }
  const after = await snapshot();
  const stillConnected = await connected();

  const wall = (after.at - before.at) / 1000;
  const cpu = ((after.cpu - before.cpu) / wall) * 100;
  const rssMean = rss.reduce((a, b) => a + b, 0) / rss.length;
  const rssMax = Math.max(...rss);
  const swarmCpu = ((after.swarm.cpuMs - before.swarm.cpuMs) / 1000 / wall) * 100;
  // Backends present at both ends of the window (a pool connection opened or closed inside it is left out).
  let databaseSeconds = 0;
  for (const [backend, cpuAfter] of after.database) databaseSeconds += cpuAfter - (before.database.get(backend) ?? cpuAfter);
  const machineBusy = ((after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)) * 100;

  console.log(
    `agents: ${agents} servers + enrollment tokens created in ${enrolSeconds.toFixed(1)} s; all ${agents} enrolled and connected in ${connectSeconds.toFixed(1)} s`,
  );
  console.log(`agents connected to core (Agent.connectedAt set, coreId = core's): ${stillConnected} / ${agents} at the end of the window`);
  console.log(
    `window: ${wall.toFixed(1)} s after a ${WARM_UP_SECONDS} s warm-up; ${((after.swarm.heartbeats - before.swarm.heartbeats) / wall).toFixed(0)} heartbeats/s and ` +
      `${((after.swarm.stats - before.swarm.stats) / wall).toFixed(0)} stats samples/s sent, ${((after.stored - before.stored) / wall).toFixed(0)} samples/s stored; ` +
      `${after.swarm.stats - after.stored} samples sent but not yet stored at its end; ` +
      `${after.swarm.closes} unexpected closes over the whole run${after.swarm.closes ? ` (last: ${after.swarm.lastError})` : ""}`,
  );
  console.log(
    `core CPU: ${pct(cpu)} of one core (busiest second ${pct(busiest * 100)}; ${pct(idleCpu)} with no agent, over ${IDLE_SECONDS} s); goal < 25% (${(cpu / 25).toFixed(2)}x the goal)`,
  );
  console.log(
    `core RSS: ${rssMean.toFixed(0)} MB mean, ${rssMax.toFixed(0)} MB max (${rssIdle.toFixed(0)} MB before any agent, ${rss[0]!.toFixed(0)} → ${rss.at(-1)!.toFixed(0)} MB over the window); goal < 300 MB (${(rssMax / 300).toFixed(2)}x the goal)`,
  );
  console.log(`PostgreSQL backends of this database: ${pct((databaseSeconds / wall) * 100)} of one core (not counted as core's)`);
  console.log(
    `load tool CPU: ${pct(swarmCpu)} of one core; whole machine busy: ${pct(machineBusy)} of its CPUs (PostgreSQL and anything else running included)`,
  );

  command({ type: "stop" });
  await new Promise((r) => swarm.once("exit", r));
  await core.kill();
  await db.$disconnect();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
