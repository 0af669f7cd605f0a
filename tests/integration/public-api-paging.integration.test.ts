// The public /api/v2 pages deterministically: a catalog deletes what a sync did not return,
// so under churn every service (and risk) present for the whole walk must appear exactly once,
// in cursor, page-numbered and offset walks. Also: Komodor's error shape and rate limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as searchRoute from "@/app/api/v2/services/search/route";
import * as risksRoute from "@/app/api/v2/health/risks/route";
import { db } from "@/lib/db";
import { admitPublicApiCall } from "@/lib/komodor/http";
import { createResource } from "@/lib/resources/write";
import { call } from "../helpers/routes";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

let admin: TestUser;
let clusterId: string;
const NAMESPACES = ["alpha", "beta", "gamma"];
const namespaceFor = (n: number) => NAMESPACES[n % NAMESPACES.length]!; // in range: modulo the length

function serviceObject(namespace: string, name: string) {
  return {
    metadata: {
      name,
      namespace,
      uid: `${namespace}-${name}`,
      labels: { app: name },
      annotations: {},
      generation: 1,
      creationTimestamp: "2026-01-01T00:00:00Z",
    },
    spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "x:1" }] } } },
    status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
  };
}

async function addServices(names: { namespace: string; name: string }[]) {
  await db.kubeObject.createMany({
    data: names.map((s) => ({
      clusterId,
      kind: "Deployment",
      namespace: s.namespace,
      name: s.name,
      uid: `${s.namespace}-${s.name}`,
      object: serviceObject(s.namespace, s.name),
    })),
  });
}

const key = (s: { namespace: string; service: string }) => `${s.namespace}/${s.service}`;
let churnCounter = 0;

/** Between pages: delete two services (from anywhere in the order) and create two (at the front, middle and end of the order). */
async function churn(deleted: Set<string>) {
  const victims = await db.kubeObject.findMany({
    where: { clusterId, kind: "Deployment" },
    orderBy: { name: "asc" },
    skip: (churnCounter * 37) % 200,
    take: 2,
  });
  for (const v of victims) deleted.add(`${v.namespace}/${v.name}`);
  await db.kubeObject.deleteMany({ where: { id: { in: victims.map((v) => v.id) } } });
  const n = ++churnCounter;
  await addServices([
    { namespace: namespaceFor(n), name: `aaa-new-${n}` },
    { namespace: namespaceFor(n + 1), name: `zzz-new-${n}` },
  ]);
}

function checkExactlyOnce(seen: string[], initial: string[], deleted: Set<string>) {
  const counts = new Map<string, number>();
  for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([s]) => s);
  expect(duplicates).toEqual([]);
  const missing = initial.filter((s) => !deleted.has(s) && !counts.has(s));
  expect(missing).toEqual([]);
}

async function reseed() {
  await db.kubeObject.deleteMany({});
  const initial = Array.from({ length: 300 }, (_, i) => ({ namespace: namespaceFor(i), name: `svc-${String(i).padStart(3, "0")}` }));
  await addServices(initial);
  return initial.map((s) => `${s.namespace}/${s.name}`);
}

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  clusterId = (await createResource(admin.actor, "cluster", { name: "paging" })).id;
});

afterAll(async () => {
  await db.kubeObject.deleteMany({});
});

describe("services/search under churn", () => {
  it("cursor paging: every service present throughout appears exactly once", async () => {
    const initial = await reseed();
    const deleted = new Set<string>();
    const seen: string[] = [];
    let token: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const res = await call(searchRoute, "POST", "/api/v2/services/search", {
        key: admin.key,
        body: { pagination: { pageSize: 7, ...(token ? { token } : {}) } },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.json.meta.pageSize).toBe(7);
      seen.push(...res.json.data.services.map(key));
      token = res.json.meta.token;
      if (!token) break;
      await churn(deleted);
    }
    expect(token).toBeUndefined();
    checkExactlyOnce(seen, initial, deleted);
  });

  it("page paging, following meta.nextPage as Port's client does: every service present throughout appears exactly once", async () => {
    const initial = await reseed();
    const deleted = new Set<string>();
    const seen: string[] = [];
    let page: number | undefined = 0;
    let last: Record<string, unknown> = {};
    while (page !== undefined) {
      const res = await call(searchRoute, "POST", "/api/v2/services/search", {
        key: admin.key,
        body: { kind: ["Deployment"], pagination: { pageSize: 7, page } },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.json.meta).toMatchObject({ page, pageSize: 7 });
      seen.push(...res.json.data.services.map(key));
      last = res.json.meta;
      page = res.json.meta.nextPage;
      if (page !== undefined) await churn(deleted);
    }
    expect(last.nextPage).toBeUndefined();
    checkExactlyOnce(seen, initial, deleted);
  });

  it("page paging by a client that adds 1 to the page it asked for stays on its own walk", async () => {
    const initial = await reseed();
    const deleted = new Set<string>();
    const first = await call(searchRoute, "POST", "/api/v2/services/search", { key: admin.key, body: { pagination: { pageSize: 50, page: 0 } } });
    const seen: string[] = first.json.data.services.map(key);
    let page = first.json.meta.nextPage as number;
    // Another walk with the same key starts meanwhile: it must not disturb this one.
    await call(searchRoute, "POST", "/api/v2/services/search", { key: admin.key, body: { pagination: { pageSize: 50, page: 0 } } });
    for (;;) {
      await churn(deleted);
      const res = await call(searchRoute, "POST", "/api/v2/services/search", { key: admin.key, body: { pagination: { pageSize: 50, page } } });
      expect(res.status, res.text).toBe(200);
      seen.push(...res.json.data.services.map(key));
      if (res.json.meta.nextPage === undefined) break;
      page += 1;
    }
    checkExactlyOnce(seen, initial, deleted);
  });
});

describe("services/search filters", () => {
  async function walk(body: Record<string, unknown>) {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const res = await call(searchRoute, "POST", "/api/v2/services/search", {
        key: admin.key,
        body: { ...body, pagination: { pageSize: 4, ...(token ? { token } : {}) } },
      });
      expect(res.status, res.text).toBe(200);
      names.push(...res.json.data.services.map(key));
      token = res.json.meta.token;
    } while (token);
    return names.sort();
  }

  it("filters by cluster, namespace, name, labels, health and last deploy, paging through the matches", async () => {
    await reseed();
    // Three unhealthy services (an open medium monitor each) and one whose last deploy failed.
    await db.healthMonitor.deleteMany({});
    await db.healthMonitor.createMany({
      data: ["svc-001", "svc-004", "svc-007"].map((name) => ({
        clusterId,
        checkType: "restartingContainers",
        komodorUid: `Deployment|paging|beta|${name}`,
        severity: "medium",
      })),
    });
    const failedAt = new Date("2026-05-01T00:00:00Z");
    await db.timelineEvent.createMany({
      data: [
        {
          clusterId,
          komodorUid: "Deployment|paging|alpha|svc-000",
          namespace: "alpha",
          objectKind: "Deployment",
          objectName: "svc-000",
          type: "deploy",
          summary: "Deploy",
          at: failedAt,
        },
        {
          clusterId,
          komodorUid: "Deployment|paging|alpha|svc-000",
          namespace: "alpha",
          objectKind: "Deployment",
          objectName: "svc-000",
          type: "rollout",
          severity: "error",
          summary: "Rollout failed",
          at: new Date(failedAt.getTime() + 60_000),
        },
      ],
    });
    expect(await walk({ status: "unhealthy" })).toEqual(["beta/svc-001", "beta/svc-004", "beta/svc-007"]);
    expect((await walk({ status: "healthy" })).length).toBe(297);
    expect(await walk({ latestDeployStatus: "failure" })).toEqual(["alpha/svc-000"]);
    expect(await walk({ namespace: ["gamma"], name: "svc-00" })).toEqual(["gamma/svc-002", "gamma/svc-005", "gamma/svc-008"]);
    expect(await walk({ labels: { app: "svc-010" } })).toEqual(["beta/svc-010"]);
    expect(await walk({ scope: { cluster: "paging", namespaces: ["alpha"] }, name: "svc-01" })).toEqual(["alpha/svc-012", "alpha/svc-015", "alpha/svc-018"]);
    expect(await walk({ cluster: ["elsewhere"] })).toEqual([]);
    expect(await walk({ name: "100%_" })).toEqual([]); // LIKE wildcards in a name are literal
    const one = await call(searchRoute, "POST", "/api/v2/services/search", { key: admin.key, body: { latestDeployStatus: "failure" } });
    expect(one.json.data.services[0]).toMatchObject({
      uid: "Deployment-paging-alpha-svc-000",
      lastDeploy: { startTime: failedAt.getTime() / 1000, endTime: failedAt.getTime() / 1000 + 60, status: "failure" },
    });
  });
});

describe("health/risks offset paging under churn", () => {
  it("every risk present throughout appears exactly once, and totals describe the walk", async () => {
    await db.healthMonitor.deleteMany({});
    const base = Date.parse("2026-06-01T00:00:00Z");
    const make = (i: number, at: number) => ({
      clusterId,
      checkType: "restartingContainers",
      komodorUid: `Deployment|paging|alpha|svc-${i}`,
      severity: "medium",
      createdAt: new Date(at),
    });
    await db.healthMonitor.createMany({ data: Array.from({ length: 120 }, (_, i) => make(i, base + i * 1000)) });
    const initial = (await db.healthMonitor.findMany({ select: { id: true } })).map((m) => m.id);
    const deleted = new Set<string>();
    const seen: string[] = [];
    const query = { pageSize: "50", checkCategory: ["workload", "infrastructure"], impactGroupType: ["dynamic"] };
    for (let offset = 0, round = 0; ; offset += 50, round++) {
      const res = await call(risksRoute, "GET", "/api/v2/health/risks", { key: admin.key, query: { ...query, offset: String(offset) } });
      expect(res.status, res.text).toBe(200);
      expect(res.json.totalResults).toBe(120);
      seen.push(...res.json.violations.map((v: { id: string }) => v.id));
      if (!res.json.hasMoreResults) break;
      // An early risk goes away and a new one appears "before" the next offset.
      const victim = initial[round * 7];
      if (!victim) throw new Error(`no risk left to delete in round ${round}`);
      deleted.add(victim);
      await db.healthMonitor.delete({ where: { id: victim } });
      await db.healthMonitor.create({ data: make(1000 + round, base - 1000 * (round + 1)) });
    }
    const counts = new Map<string, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    expect(initial.filter((id) => !deleted.has(id) && !counts.has(id))).toEqual([]);
  });
});

describe("Komodor's error shape", () => {
  it("answers bad paging input with ErrorWrapper and field errors, changing nothing", async () => {
    await reseed();
    const walks = await db.apiPageSession.count();
    const cases: [unknown, string][] = [
      [{ pagination: { pageSize: 10001 } }, "pagination.pageSize"],
      [{ pagination: { pageSize: 5, token: "forged.token" } }, "pagination.token"],
      [{ pagination: { pageSize: 5, page: 3 } }, "pagination.page"],
      [{ pagination: { pageSize: 5, page: 0, token: "x" } }, "pagination"],
      [{ kind: ["Pod"] }, "kind.0"],
      [{ colour: "blue" }, "colour"],
    ];
    for (const [body, field] of cases) {
      const res = await call(searchRoute, "POST", "/api/v2/services/search", { key: admin.key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error).toMatchObject({ code: 400, message: expect.any(String), requestID: expect.any(String) });
      expect(res.json.error.fieldErrors.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await db.apiPageSession.count()).toBe(walks);
  });

  it("refuses a page number another key's walk handed out", async () => {
    const other = await makeUser({ admin: true });
    const first = await call(searchRoute, "POST", "/api/v2/services/search", { key: admin.key, body: { pagination: { pageSize: 5, page: 0 } } });
    const res = await call(searchRoute, "POST", "/api/v2/services/search", {
      key: other.key,
      body: { pagination: { pageSize: 5, page: first.json.meta.nextPage } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fieldErrors.map((f: { field: string }) => f.field)).toEqual(["pagination.page"]);
  });

  it("refuses a token from a search with other filters", async () => {
    const first = await call(searchRoute, "POST", "/api/v2/services/search", { key: admin.key, body: { pagination: { pageSize: 5 } } });
    const res = await call(searchRoute, "POST", "/api/v2/services/search", {
      key: admin.key,
      body: { namespace: ["alpha"], pagination: { pageSize: 5, token: first.json.meta.token } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fieldErrors).toEqual([{ field: "pagination.token", message: "This token belongs to a search with other filters" }]);
  });

  it("answers 401 without a key and 429 with Retry-After past the per-key rate limit", async () => {
    const anonymous = await call(searchRoute, "POST", "/api/v2/services/search", { body: {} });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error).toMatchObject({ code: 401 });

    const limited = await makeUser();
    const keyRow = await db.apiKey.findFirstOrThrow({ where: { userId: limited.id } });
    // This minute's and the next one's windows are both full, wherever the request lands.
    const minute = Date.now() - (Date.now() % 60_000);
    await db.apiRateWindow.createMany({ data: [0, 60_000].map((d) => ({ key: `key:${keyRow.id}`, windowStart: new Date(minute + d), count: 1_000_000 })) });
    const res = await call(searchRoute, "POST", "/api/v2/services/search", { key: limited.key, body: {} });
    expect(res.status).toBe(429);
    expect(res.json.error).toMatchObject({ code: 429, message: expect.stringContaining("Rate limit") });
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("counts calls per key per minute, and tells when to retry", async () => {
    const t = Date.parse("2026-07-01T10:00:15Z");
    const actor = { ...admin.actor, key: { keyId: "limit-test", publicApiOnly: false, clusters: "*", namespaces: "*" } };
    await admitPublicApiCall(actor, 2, t);
    await admitPublicApiCall(actor, 2, t + 1000);
    await expect(admitPublicApiCall(actor, 2, t + 2000)).rejects.toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 43 });
    await admitPublicApiCall(actor, 2, t + 60_000); // the next minute starts afresh
  });
});
