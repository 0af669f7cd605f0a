// P5: a service's timeline page over 1,000,000 stored events, through lib/kube/timeline.ts (as an
// admin and as a user whose KubePolicy covers one namespace) against the same rows by raw SQL on
// the same connection pool, in the same run.
//   npx tsx scripts/with-db.ts tsx bench/timeline.ts [events] [calls]
import type { Actor } from "@/lib/authz/actor";
import { db, dbPool } from "@/lib/db";
import { timeline } from "@/lib/kube/timeline";
import { createResource } from "@/lib/resources/write";
import { makeUser, resetDb } from "@/tests/helpers/db";
import { median, ms, percentile } from "./stats";

const events = Number(process.argv[2] ?? 1_000_000);
const calls = Number(process.argv[3] ?? 100);
const DAYS = 30;
const TARGET = "Deployment|prod|team-a|checkout";
const TARGET_EVENTS = 3000;

/**
 * 2,000 services (4 clusters × 25 namespaces × 20 deployments) sharing the events evenly over
 * 30 days, one in twenty with no service (node events), plus the target service's few thousand.
 */
async function seed(clusterIds: string[], names: string[]) {
  const start = performance.now();
  await db.$executeRawUnsafe(
    `INSERT INTO "TimelineEvent" (id, "clusterId", "komodorUid", namespace, "objectKind", "objectName", type, severity, summary, details, at)
     SELECT 'bench-' || g, ($1::text[])[c + 1],
            CASE WHEN g % 20 = 0 THEN NULL ELSE 'Deployment|' || ($2::text[])[c + 1] || '|ns-' || ns || '|svc-' || svc END,
            CASE WHEN g % 20 = 0 THEN '' ELSE 'ns-' || ns END,
            CASE WHEN g % 20 = 0 THEN 'Node' ELSE 'Deployment' END,
            CASE WHEN g % 20 = 0 THEN 'node-' || (g % 7) ELSE 'svc-' || svc END,
            (ARRAY['deploy','replicas','pod-phase','restart','warning','rollout'])[1 + g % 6],
            (ARRAY['info','info','warning','error'])[1 + g % 4],
            'Pod svc-' || svc || '-' || g || ' is Running', jsonb_build_object('pod', 'svc-' || svc || '-' || g),
            now() - random() * interval '${DAYS} days'
     FROM (SELECT g, g % 4 AS c, (g / 4) % 25 AS ns, (g / 100) % 20 AS svc FROM generate_series(1, $3::int) g) s`,
    clusterIds,
    names,
    events - TARGET_EVENTS,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "TimelineEvent" (id, "clusterId", "komodorUid", namespace, "objectKind", "objectName", type, severity, summary, details, at)
     SELECT 'bench-target-' || g, $1, $2, 'team-a', 'Deployment', 'checkout',
            (ARRAY['deploy','replicas','pod-phase','restart'])[1 + g % 4], (ARRAY['info','warning'])[1 + g % 2],
            'Pod checkout-' || g || ' is Running', jsonb_build_object('pod', 'checkout-' || g), now() - random() * interval '${DAYS} days'
     FROM generate_series(1, $3::int) g`,
    clusterIds[0],
    TARGET,
    TARGET_EVENTS,
  );
  await db.$executeRawUnsafe(`ANALYZE "TimelineEvent"`);
  console.log(`seeded ${events.toLocaleString("en")} events in ${ms(performance.now() - start)}`);
}

interface Sample {
  times: number[];
  rows: number;
}

/**
 * Calls each contender in turn, round after round, so a burst of load from elsewhere on the
 * machine lands on all of them alike rather than on whichever ran during it.
 */
async function interleaved<const F extends readonly (() => Promise<unknown[]>)[]>(fns: F): Promise<{ [I in keyof F]: Sample }> {
  const out: Sample[] = fns.map(() => ({ times: [], rows: 0 }));
  for (let i = 0; i < 5; i++) for (const fn of fns) await fn(); // warm the pool and Prisma's query cache
  for (let i = 0; i < calls; i++) {
    for (const [j, fn] of fns.entries()) {
      const start = performance.now();
      const rows = (await fn()).length;
      out[j]!.times.push(performance.now() - start);
      out[j]!.rows = rows;
    }
  }
  return out as { [I in keyof F]: Sample };
}

async function main() {
  await resetDb();
  const admin = await makeUser({ admin: true });
  const viewer = await makeUser();
  const names = ["prod", "staging", "dev", "eu"];
  const clusterIds: string[] = [];
  for (const name of names) clusterIds.push((await createResource(admin.actor, "cluster", { name })).id);
  await db.kubePolicy.create({ data: { userId: viewer.id, clusters: "prod", namespaces: "team-a", actions: ["view"] } });
  await seed(clusterIds, names);
  const pool = dbPool();
  if (!pool) throw new Error("no pool");

  // The service page asks for its window ending now (24 h by default, up to 30 d), 300 rows at most.
  for (const [label, hours] of [
    ["24h", 24],
    ["30d", DAYS * 24],
  ] as const) {
    const from = new Date(Date.now() - hours * 3600_000);
    // A fresh actor per call, as each request has: its policies are loaded per request.
    const lib = (actor: Actor) => () => timeline({ ...actor }, { komodorUid: TARGET, from: from.toISOString() });
    const raw = () =>
      pool.query(`SELECT * FROM "TimelineEvent" WHERE "komodorUid" = $1 AND at >= $2 ORDER BY at DESC LIMIT 300`, [TARGET, from]).then((r) => r.rows);
    const [r, a, v] = await interleaved([raw, lib(admin.actor), lib(viewer.actor)]);
    const line = (name: string, t: Sample) =>
      console.log(
        `${label} ${name.padEnd(22)} p50 ${ms(median(t.times))}, p99 ${ms(percentile(t.times, 99))}` +
          (t === r ? "" : ` (${(median(t.times) / median(r.times)).toFixed(2)}x / ${(percentile(t.times, 99) / percentile(r.times, 99)).toFixed(2)}x raw)`) +
          `, ${t.rows} rows`,
      );
    line("raw SQL", r);
    line("timeline() admin", a);
    line("timeline() namespace", v);
  }
  console.log(`(${calls} calls each; goal: p99 ≤ 2x raw)`);
  await db.$disconnect();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
