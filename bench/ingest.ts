// P6: Kubernetes changes from an agent through core's real ingest path: the agent connection's
// kube lane (lib/agents/kube-lane.ts, which stores the changes that arrive while earlier ones
// are being stored as one batch) into lib/kube/ingest.ts (stored copy, owner lookup, timeline
// events, health re-evaluation), as a busy cluster's watch delivers them, against a raw batched
// INSERT of the rows that path left behind, in the same run. Also how many SQL statements each
// change costs, and which.
//   npx tsx scripts/with-db.ts tsx bench/ingest.ts [changes per round] [rounds]
import type pg from "pg";
import { db, dbPool } from "@/lib/db";
import { kubeLane } from "@/lib/agents/kube-lane";
import { ingestChanges, ingestList } from "@/lib/kube/ingest";
import type { KubeObject } from "@/lib/protocol/kube";
import { createResource } from "@/lib/resources/write";
import { makeUser, resetDb } from "@/tests/helpers/db";
import { median, ms } from "./stats";

const changes = Number(process.argv[2] ?? 5000);
const ROUNDS = Number(process.argv[3] ?? 5);
const NAMESPACES = 20;
const DEPLOYMENTS = 10; // per namespace
const PODS = 3; // per deployment

/** Shaped like what the agent forwards (see tests/integration/kube-ingest.integration.test.ts). */
const deployment = (ns: string, name: string, image: string, replicas: number): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: ns, uid: `uid-${ns}-${name}`, generation: 1, resourceVersion: "1" },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          {
            name: "app",
            image,
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
            readinessProbe: { httpGet: { path: "/", port: 80 } },
          },
        ],
      },
    },
  },
  status: { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas },
});
const replicaSet = (ns: string, name: string, owner: string): KubeObject => ({
  kind: "ReplicaSet",
  metadata: { name, namespace: ns, uid: `rs-${ns}-${name}`, ownerReferences: [{ kind: "Deployment", name: owner, uid: "x" }] },
});
const pod = (ns: string, name: string, rs: string, restarts: number): KubeObject => ({
  kind: "Pod",
  metadata: {
    name,
    namespace: ns,
    uid: `pod-${ns}-${name}`,
    creationTimestamp: new Date(Date.now() - 3600_000).toISOString(),
    ownerReferences: [{ kind: "ReplicaSet", name: rs, uid: "y" }],
  },
  spec: { nodeName: "node-1", containers: [{ name: "app", image: "busybox" }] },
  status: {
    phase: "Running",
    containerStatuses: [
      {
        name: "app",
        ready: true,
        restartCount: restarts,
        state: { running: {} },
        lastState: restarts
          ? {
              terminated: {
                reason: "Error",
                exitCode: 1,
                message: "boom",
                finishedAt: new Date().toISOString(),
                containerID: `docker://${ns}-${name}-${restarts}`,
              },
            }
          : {},
      },
    ],
  },
});

/** Counts the statements sent through the pool, by their shape (the text up to its first parameter). */
function countStatements(pool: pg.Pool) {
  const byShape = new Map<string, { count: number; ms: number }>();
  let total = 0;
  const wrapped = new WeakSet<object>();
  const wrap = (client: pg.PoolClient) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
      const text = typeof args[0] === "string" ? args[0] : String((args[0] as { text?: string }).text ?? "");
      const shape = text
        .replace(/\s+/g, " ")
        .replace(/"public"\./g, "")
        .slice(0, 90);
      const start = performance.now();
      total++;
      const done = () => {
        const s = byShape.get(shape) ?? { count: 0, ms: 0 };
        s.count++;
        s.ms += performance.now() - start;
        byShape.set(shape, s);
      };
      // pg.Pool#query calls its client with a callback; the adapter's own clients use the promise.
      const callback = args.at(-1);
      if (typeof callback === "function")
        return query(...args.slice(0, -1), (...result: unknown[]) => (done(), (callback as (...r: unknown[]) => void)(...result)));
      return query(...args).finally(done);
    };
  };
  pool.on("acquire", wrap);
  return { total: () => total, byShape, reset: () => ((total = 0), byShape.clear()) };
}

async function main() {
  await resetDb();
  const admin = await makeUser({ admin: true });
  const clusterId = (await createResource(admin.actor, "cluster", { name: "prod" })).id;
  const rawClusterId = (await createResource(admin.actor, "cluster", { name: "raw" })).id;
  const agentId = (await db.agent.create({ data: { name: "bench-agent", mode: "kubernetes", clusters: { connect: { id: clusterId } } } })).id;
  const pool = dbPool();
  if (!pool) throw new Error("no pool");
  const statements = countStatements(pool);

  // The cluster as the agent first lists it (not timed).
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `team-${i}`);
  const deps = namespaces.flatMap((ns) => Array.from({ length: DEPLOYMENTS }, (_, i) => ({ ns, name: `svc-${i}`, image: 1, replicas: PODS })));
  const pods = deps.flatMap((d) => Array.from({ length: PODS }, (_, i) => ({ ns: d.ns, name: `${d.name}-rs-${i}`, rs: `${d.name}-rs`, restarts: 0 })));
  await ingestList(
    agentId,
    "Deployment",
    deps.map((d) => deployment(d.ns, d.name, `${d.name}:${d.image}`, d.replicas)),
  );
  await ingestList(
    agentId,
    "ReplicaSet",
    deps.map((d) => replicaSet(d.ns, `${d.name}-rs`, d.name)),
  );
  await ingestList(
    agentId,
    "Pod",
    pods.map((p) => pod(p.ns, p.name, p.rs, 0)),
  );
  // The changes: mostly container restarts (one timeline event each, and the deployment's health
  // re-evaluated), some deploys (a new image) and some scales, as a busy cluster sends them.
  const workload = () => {
    const work: { kind: "Pod" | "Deployment"; object: KubeObject }[] = [];
    for (let i = 0; i < changes; i++) {
      if (i % 10 < 8) {
        const p = pods[(i * 7) % pods.length]!;
        work.push({ kind: "Pod", object: pod(p.ns, p.name, p.rs, ++p.restarts) });
      } else {
        const d = deps[(i * 13) % deps.length]!;
        if (i % 10 === 8) d.image++;
        else d.replicas = d.replicas === PODS ? PODS + 1 : PODS;
        work.push({ kind: "Deployment", object: deployment(d.ns, d.name, `${d.name}:${d.image}`, d.replicas) });
      }
    }
    return work;
  };

  // Rounds, ingest then raw in each, so both see the same machine at the same moment; medians.
  const ingestTimes: number[] = [];
  const rawTimes: number[] = [];
  let rows = 0;
  let events = 0;
  let objects = 0;
  let sent = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const work = workload();
    const before = new Date();
    await new Promise((r) => setTimeout(r, 5));
    statements.reset();
    const start = performance.now();
    const lane = kubeLane(agentId, { list: async () => {}, changes: (batch) => ingestChanges(agentId, batch), resync: () => {} });
    for (const w of work) lane.push({ type: "k8s.change", kind: w.kind, action: "MODIFIED", object: w.object });
    await lane.idle();
    ingestTimes.push(performance.now() - start);
    sent = statements.total();

    // What that left behind: the events it wrote and the stored objects it wrote or updated.
    const written = await db.timelineEvent.findMany({ where: { clusterId, at: { gt: before } } });
    const updated = await db.kubeObject.findMany({ where: { clusterId, updatedAt: { gt: before } } });
    [events, objects, rows] = [written.length, updated.length, written.length + updated.length];

    // The same rows by raw batched INSERT (under a second cluster, so they don't collide), 1,000 a statement.
    await db.$executeRaw`DELETE FROM "TimelineEvent" WHERE "clusterId" = ${rawClusterId}`;
    await db.$executeRaw`DELETE FROM "KubeObject" WHERE "clusterId" = ${rawClusterId}`;
    const rawStart = performance.now();
    for (let i = 0; i < written.length; i += 1000) {
      await pool.query(
        `INSERT INTO "TimelineEvent" (id, "clusterId", "komodorUid", namespace, "objectKind", "objectName", type, severity, summary, details, at)
         SELECT 'raw-' || e.id, $1, e."komodorUid", e.namespace, e."objectKind", e."objectName", e.type, e.severity, e.summary, e.details, e.at
         FROM jsonb_to_recordset($2::jsonb) AS e(id text, "komodorUid" text, namespace text, "objectKind" text, "objectName" text, type text, severity text, summary text, details jsonb, at timestamp)`,
        [rawClusterId, JSON.stringify(written.slice(i, i + 1000))],
      );
    }
    for (let i = 0; i < updated.length; i += 1000) {
      await pool.query(
        `INSERT INTO "KubeObject" (id, "clusterId", kind, namespace, name, uid, object, "updatedAt")
         SELECT 'raw-' || o.id, $1, o.kind, o.namespace, o.name, o.uid, o.object, now()
         FROM jsonb_to_recordset($2::jsonb) AS o(id text, kind text, namespace text, name text, uid text, object jsonb)`,
        [rawClusterId, JSON.stringify(updated.slice(i, i + 1000))],
      );
    }
    rawTimes.push(performance.now() - rawStart);
  }
  const shapes = [...statements.byShape.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
  const ingestMs = median(ingestTimes);
  const rawMs = median(rawTimes);

  const perSec = (n: number, t: number) => `${Math.round((n / t) * 1000).toLocaleString("en")}/s`;
  console.log(
    `ingest: ${changes} changes in ${ms(ingestMs)} (median of ${ROUNDS}): ${perSec(changes, ingestMs)} changes, ${perSec(rows, ingestMs)} rows (${events} events + ${objects} objects)`,
  );
  console.log(`raw batched INSERT of the same ${rows} rows: ${ms(rawMs)}, ${perSec(rows, rawMs)} rows`);
  console.log(`ingest rows/s is ${((rawMs / ingestMs) * 100).toFixed(1)}% of raw (goal ≥ 50%)`);
  console.log(`SQL statements: ${sent} for ${changes} changes; where the time went in the last round (count, total):`);
  for (const [shape, s] of shapes) console.log(`  ${String(s.count).padStart(6)} ${ms(s.ms).padStart(10)}  ${shape}`);
  await db.$disconnect();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
