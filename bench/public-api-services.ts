// The public API's service search (POST /api/v2/services/search) walked page by page against
// the raw SQL of the same page, in the same run: 10,000 Deployments (20 namespaces, one
// cluster, objects of a few KB), their deploy/rollout timeline and health monitors. The raw
// figure is the keyset SELECT alone (same columns, same order, LIMIT pageSize+1); the ratio is
// what RBAC, health, open issues, last deploys and the answer's shape cost on top.
//   npx tsx scripts/with-db.ts tsx bench/public-api-services.ts [services]
import type { Actor } from "@/lib/authz/actor";
import { resolveActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { searchServices } from "@/lib/komodor/services";
import { createApiKey } from "@/lib/users/api-keys";
import { makeUser, resetDb } from "@/tests/helpers/db";
import { ms } from "./stats";

const SERVICES = Number(process.argv[2] ?? 10_000);
const NAMESPACES = Array.from({ length: 20 }, (_, i) => `team-${String(i).padStart(2, "0")}`);
/** xs[i mod its length], for seeding from fixed lists. */
function cycle<T>(xs: readonly T[], i: number): T {
  const x = xs[i % xs.length];
  if (x === undefined) throw new Error("cycle() over an empty list");
  return x;
}
const CLUSTER = "bench-prod";
const DAY = 86_400_000;
const NOW = Date.now();

/** A small deterministic generator, so every run measures the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
}
const rand = rng(42);
// Lists are non-empty and rand() < 1, so the index is always in range.
const pick = <T>(xs: readonly [T, ...T[]]) => xs[Math.floor(rand() * xs.length)] ?? xs[0];
const iso = (t: number) => new Date(t).toISOString();

const ROLES = ["api", "worker", "web", "gateway", "consumer", "scheduler", "cache", "auth"] as const;

/** A Deployment as the agent stores it: labels, annotations (with kubectl's last-applied copy), spec and status. */
function deployment(namespace: string, name: string, i: number) {
  const replicas = 1 + (i % 5);
  const generation = 1 + (i % 17);
  const created = NOW - (30 + (i % 300)) * DAY;
  const updated = NOW - (i % 29) * DAY - (i % 1440) * 60_000;
  const state = i % 50 === 0 ? "failed" : i % 23 === 0 ? "rolling" : i % 31 === 0 ? "unavailable" : "ok";
  const labels: Record<string, string> = {
    app: name,
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/instance": `${name}-${namespace}`,
    "app.kubernetes.io/part-of": pick(["checkout", "search", "billing", "identity", "catalog"]),
    "app.kubernetes.io/managed-by": pick(["Helm", "kustomize", "argocd"]),
    team: namespace,
    tier: pick(["frontend", "backend", "data"]),
    version: `v${1 + (i % 9)}.${i % 13}.${i % 7}`,
  };
  const container = {
    name: "app",
    image: `registry.example.com/${namespace}/${name}:${labels.version}`,
    ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
    env: Array.from({ length: 8 }, (_, k) => ({ name: `SETTING_${k}`, value: `value-${(i * 31 + k) % 997}` })),
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    readinessProbe: {
      httpGet: { path: "/healthz", port: 8080, scheme: "HTTP" },
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    },
    imagePullPolicy: "IfNotPresent",
  };
  const spec = {
    replicas,
    selector: { matchLabels: { app: name } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
    template: {
      metadata: { labels: { app: name, version: labels.version } },
      spec: { containers: [container], restartPolicy: "Always", terminationGracePeriodSeconds: 30, serviceAccountName: name },
    },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  };
  const ready = state === "unavailable" ? replicas - 1 : state === "failed" ? 0 : replicas;
  const progressing =
    state === "failed"
      ? {
          type: "Progressing",
          status: "False",
          reason: "ProgressDeadlineExceeded",
          message: `ReplicaSet "${name}-7d9f" has timed out progressing.`,
          lastUpdateTime: iso(updated),
          lastTransitionTime: iso(updated),
        }
      : {
          type: "Progressing",
          status: "True",
          reason: state === "rolling" ? "ReplicaSetUpdated" : "NewReplicaSetAvailable",
          message: `ReplicaSet "${name}-7d9f" has successfully progressed.`,
          lastUpdateTime: iso(updated),
          lastTransitionTime: iso(created),
        };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name,
      namespace,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      resourceVersion: String(100_000 + i),
      generation,
      creationTimestamp: iso(created),
      labels,
      annotations: {
        "deployment.kubernetes.io/revision": String(generation),
        "meta.helm.sh/release-name": name,
        "meta.helm.sh/release-namespace": namespace,
        "example.com/owner": `${namespace}@example.com`,
        "example.com/runbook": `https://runbooks.example.com/${namespace}/${name}`,
        "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify({
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name, namespace, labels },
          spec,
        }),
      },
    },
    spec,
    status: {
      observedGeneration: state === "rolling" ? generation - 1 : generation,
      replicas,
      updatedReplicas: state === "rolling" ? Math.max(0, replicas - 1) : replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
      conditions: [
        {
          type: "Available",
          status: ready === replicas ? "True" : "False",
          reason: ready === replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
          message: "Deployment availability.",
          lastUpdateTime: iso(updated),
          lastTransitionTime: iso(updated),
        },
        progressing,
      ],
    },
  };
}

async function seed(clusterId: string) {
  const services = Array.from({ length: SERVICES }, (_, i) => ({
    namespace: cycle(NAMESPACES, i),
    name: `${ROLES[i % ROLES.length]}-${String(i).padStart(5, "0")}`,
  }));
  let bytes = 0;
  for (let at = 0; at < services.length; at += 500) {
    const data = services.slice(at, at + 500).map((s, k) => {
      const object = deployment(s.namespace, s.name, at + k);
      bytes += JSON.stringify(object).length;
      return { clusterId, kind: "Deployment", namespace: s.namespace, name: s.name, uid: object.metadata.uid, object };
    });
    await db.kubeObject.createMany({ data });
  }
  // The timeline: deploys (each closed by a rollout, the latest sometimes still running or failed)
  // for most services, and the noise every busy cluster has (pod phases, restarts, scaling).
  const events: Prisma.TimelineEventCreateManyInput[] = [];
  const monitors: Prisma.HealthMonitorCreateManyInput[] = [];
  services.forEach((s, i) => {
    const uid = `Deployment|${CLUSTER}|${s.namespace}|${s.name}`;
    const base = { clusterId, komodorUid: uid, namespace: s.namespace, objectKind: "Deployment", objectName: s.name };
    if (i % 10 < 7) {
      const deploys = 1 + (i % 3);
      for (let d = 0; d < deploys; d++) {
        const start = NOW - (d * 7 + (i % 7)) * DAY - (i % 600) * 60_000;
        events.push({
          ...base,
          type: "deploy",
          summary: `Image changed to ${s.name}:v${deploys - d}`,
          details: { generation: 10 - d, images: [`registry.example.com/${s.namespace}/${s.name}:v${deploys - d}`] },
          at: new Date(start),
        });
        const open = d === 0 && i % 37 === 0;
        if (!open)
          events.push({
            ...base,
            type: "rollout",
            severity: d === 0 && i % 41 === 0 ? "error" : "info",
            summary: "Rollout finished",
            details: { replicas: 1 + (i % 5) },
            at: new Date(start + 90_000),
          });
      }
    }
    if (i % 10 < 3) {
      events.push({
        ...base,
        type: "pod-phase",
        severity: "warning",
        summary: `Pod ${s.name}-7d9f-x2 Pending`,
        details: { phase: "Pending" },
        at: new Date(NOW - (i % 13) * DAY),
      });
      events.push({
        ...base,
        type: "restart",
        severity: "warning",
        summary: `Container app restarted`,
        details: { restarts: 1 + (i % 4) },
        at: new Date(NOW - (i % 11) * DAY),
      });
    }
    if (i % 12 === 0)
      monitors.push({
        clusterId,
        komodorUid: uid,
        checkType: pick(["availability", "restarts", "deploy-failed"]),
        severity: pick(["high", "medium", "low"]),
        status: pick(["open", "confirmed"]),
        createdAt: new Date(NOW - (i % 5) * DAY),
      });
    if (i % 9 === 0)
      monitors.push({
        clusterId,
        komodorUid: uid,
        checkType: "restarts",
        severity: "medium",
        status: "resolved",
        createdAt: new Date(NOW - 20 * DAY),
        resolvedAt: new Date(NOW - 19 * DAY),
      });
  });
  for (let at = 0; at < events.length; at += 2000) await db.timelineEvent.createMany({ data: events.slice(at, at + 2000) });
  await db.healthMonitor.createMany({ data: monitors });
  await db.$executeRawUnsafe(`ANALYZE "KubeObject", "TimelineEvent", "HealthMonitor"`);
  return { bytes, events: events.length, monitors: monitors.length };
}

type Position = [clusterId: string, kind: string, namespace: string, name: string];

/** The keyset SELECT searchServices issues for an unfiltered admin page (lib/komodor/services.ts), alone. */
function rawPage(clusterId: string, after: Position | null, limit: number) {
  const conditions = [Prisma.sql`o.kind = ANY(${["Deployment", "StatefulSet", "DaemonSet"]}::text[])`, Prisma.sql`o."clusterId" = ANY(${[clusterId]}::text[])`];
  if (after) conditions.push(Prisma.sql`(o."clusterId", o.kind, o.namespace, o.name) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`);
  return db.$queryRaw<{ name: string }[]>`
    SELECT o."clusterId", o.kind, o.namespace, o.name,
      jsonb_build_object(
        'metadata', jsonb_build_object('labels', o.object->'metadata'->'labels', 'annotations', o.object->'metadata'->'annotations',
          'generation', o.object->'metadata'->'generation', 'creationTimestamp', o.object->'metadata'->'creationTimestamp'),
        'spec', jsonb_build_object('replicas', o.object->'spec'->'replicas'),
        'status', o.object->'status') AS object
    FROM "KubeObject" o
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY o."clusterId", o.kind, o.namespace, o.name
    LIMIT ${limit}`;
}

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN; // no timings, no percentile
};

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

/** Walks every page by cursor; each page is also fetched as raw SQL from the same position. */
async function walk(actor: Actor, clusterId: string, pageSize: number) {
  const api: number[] = [];
  const raw: number[] = [];
  let token: string | undefined;
  let after: Position | null = null;
  let total = 0;
  do {
    const viaApi = () => timed(() => searchServices(actor, { pagination: { pageSize, ...(token ? { token } : {}) } }));
    const viaSql = () => timed(() => rawPage(clusterId, after, pageSize + 1));
    // Alternate which goes first, so neither always reads pages the other has just warmed.
    const sqlFirst = api.length % 2 === 0;
    const sqlEarly = sqlFirst ? await viaSql() : null;
    const [res, apiMs] = await viaApi();
    const [rows, rawMs] = sqlEarly ?? (await viaSql());
    const services = res.data.services;
    // The two must be reading the same page, or the ratio means nothing.
    if (rows[0]?.name !== services[0]?.service) throw new Error(`page ${api.length}: raw SQL starts at ${rows[0]?.name}, the API at ${services[0]?.service}`);
    api.push(apiMs);
    raw.push(rawMs);
    total += services.length;
    const last = services[services.length - 1];
    after = last ? [clusterId, last.kind, last.namespace, last.service] : null;
    token = "token" in res.meta ? res.meta.token : undefined;
  } while (token);
  if (total !== SERVICES) throw new Error(`the walk returned ${total} services, expected ${SERVICES}`);
  return { api, raw };
}

function report(pageSize: number, { api, raw }: { api: number[]; raw: number[] }) {
  const row = (label: string, v: number[]) =>
    `  ${label.padEnd(22)} p50 ${ms(percentile(v, 50)).padStart(9)}   p99 ${ms(percentile(v, 99)).padStart(9)}   total ${ms(v.reduce((a, b) => a + b, 0)).padStart(10)}`;
  console.log(`\npageSize ${pageSize}: ${api.length} pages`);
  console.log(row("searchServices()", api));
  console.log(row(`raw SQL (LIMIT ${pageSize + 1})`, raw));
  console.log(
    `  ratio (API / raw SQL)  p50 ${(percentile(api, 50) / percentile(raw, 50)).toFixed(1)}×   p99 ${(percentile(api, 99) / percentile(raw, 99)).toFixed(1)}×`,
  );
}

async function main() {
  await resetDb();
  const clusterId = (await db.cluster.create({ data: { name: CLUSTER } })).id;
  const [seeded, seedMs] = await timed(() => seed(clusterId));
  console.log(
    `seeded ${SERVICES} Deployments in ${NAMESPACES.length} namespaces (${(seeded.bytes / SERVICES / 1024).toFixed(1)} KB of object JSON each), ${seeded.events} timeline events, ${seeded.monitors} health monitors in ${ms(seedMs)}`,
  );

  // An admin's catalog-sync key, resolved the way a request's X-API-KEY is.
  const admin = await makeUser({ admin: true });
  const { key } = await createApiKey({ ...admin.actor, via: "session" }, { name: "catalog-sync", publicApiOnly: true });
  const actor = await resolveActor({ headers: { "x-api-key": key }, cookies: {} });
  if (!actor?.admin || !actor.key) throw new Error("the bench key did not resolve to an admin API-key actor");

  // One untimed walk warms the connection pool, the plan cache and the table's pages.
  await walk(actor, clusterId, 100);
  report(100, await walk(actor, clusterId, 100));
  report(1000, await walk(actor, clusterId, 1000));
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
