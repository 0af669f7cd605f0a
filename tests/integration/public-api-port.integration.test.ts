// Port's stock Komodor integration, against Wheelhouse: a client that pages exactly as Port's
// Ocean integration does (services: page size 25, page numbers following meta.nextPage, and
// the newer cursor tokens; risks: page size 50 by offset with its category and impact filters),
// applying Port's default jq mappings from its integration page with the real `jq`, over real
// workloads and monitors in the local cluster. The entities must come out complete, and every
// risk's `service` relation must name a service the same sync returned.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as risksRoute from "@/app/api/v2/health/risks/route";
import * as riskRoute from "@/app/api/v2/health/risks/[id]/route";
import * as searchRoute from "@/app/api/v2/services/search/route";
import * as v1Health from "@/app/api/v1/kube/health/route";
import * as v1Services from "@/app/api/v1/kube/services/route";
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/users/api-keys";
import { createKubePolicy } from "@/lib/users/kube-policies";
import { ensureKubernetes } from "@/scripts/lib/k8s";
import { connectAgent, until, type ConnectedAgent } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { call } from "../helpers/routes";

const run = Date.now().toString(36);
const nsA = `wh-port-a-${run}`;
const nsB = `wh-port-b-${run}`;
let kubeconfig: string;
let admin: TestUser;
let cluster: ConnectedAgent;
/** The sync key: public API only, and only this test's namespaces (the shared cluster has others' workloads). */
let syncKey: string;

const kubectl = (...args: string[]) => execFileSync("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8" });
const apply = (manifest: object) =>
  execFileSync("kubectl", ["apply", "-f", "-"], { input: JSON.stringify(manifest), env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8" });

function deployment(namespace: string, name: string, command: string) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels: { team: "payments", app: name }, annotations: { "wheelhouse.dev/owner": "port-test" } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{ name: "app", image: "local/busybox:1", imagePullPolicy: "Never", command: ["sh", "-c", command] }],
        },
      },
    },
  };
}

// Port's default mappings, verbatim from its Komodor integration page.
const SERVICE_MAPPING = `{
  identifier: .uid, title: .service, blueprint: "komodorService",
  properties: { service_id: .uid, status: .status, cluster_name: .cluster, workload_kind: .kind, namespace_name: .namespace,
    service_name: .service, komodor_link: (.link + "&utmSource=port"), labels: .labels,
    last_deploy_at: (.lastDeploy.endTime | todate), last_deploy_status: .lastDeploy.status } }`;
const RISK_MAPPING = `{
  identifier: .id, title: (.komodorUid | gsub("\\\\|"; "-") | sub("-+$"; "")), blueprint: "komodorHealthMonitoring",
  properties: { status: .status, resource_identifier: (.komodorUid | gsub("\\\\|"; "-") | sub("-+$"; "")), severity: .severity,
    supporting_data: .supportingData, komodor_link: (.link + "&utmSource=port"), created_at: (.createdAt | todate),
    last_evaluated_at: (.lastEvaluatedAt | todate), check_type: .checkType,
    workload_type: (.komodorUid | split("|") | .[0]), cluster_name: (.komodorUid | split("|") | .[1]),
    namespace_name: (.komodorUid | split("|") | .[2]), workload_name: (.komodorUid | split("|") | .[3]) },
  relations: (if (.komodorUid | split("|") | length) == 4 then { service: (.komodorUid | gsub("\\\\|"; "-")) } else {} end) }`;

/** Runs a jq mapping over each item with the real jq, as Ocean does. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jq's output is whatever the mapping builds
function jqMap(items: unknown[], mapping: string): Record<string, any>[] {
  return JSON.parse(execFileSync("jq", ["-c", `[.[] | ${mapping}]`], { input: JSON.stringify(items), encoding: "utf8" }));
}

async function syncServicesByPage(key: string) {
  const services: unknown[] = [];
  let page: number | undefined = 0;
  for (let guard = 0; page !== undefined && guard < 1000; guard++) {
    const res = await call(searchRoute, "POST", "/api/v2/services/search", { key, body: { kind: ["Deployment"], pagination: { pageSize: 25, page } } });
    expect(res.status, res.text).toBe(200);
    services.push(...res.json.data.services);
    page = res.json.meta.nextPage || undefined; // Port stops on a missing (or zero) nextPage
  }
  return services;
}

async function syncServicesByToken(key: string) {
  const services: unknown[] = [];
  let token: string | undefined;
  do {
    const res = await call(searchRoute, "POST", "/api/v2/services/search", {
      key,
      body: { kind: ["Deployment"], pagination: { pageSize: 25, ...(token ? { token } : {}) } },
    });
    expect(res.status, res.text).toBe(200);
    services.push(...res.json.data.services);
    token = res.json.meta.token;
  } while (token);
  return services;
}

async function syncRisks(key: string) {
  const risks: Record<string, any>[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (let offset = 0; ; offset += 50) {
    const res = await call(risksRoute, "GET", "/api/v2/health/risks", {
      key,
      query: { pageSize: "50", offset: String(offset), checkCategory: ["workload", "infrastructure"], impactGroupType: ["dynamic"] },
    });
    expect(res.status, res.text).toBe(200);
    risks.push(...res.json.violations);
    if (!res.json.hasMoreResults) break;
  }
  return risks;
}

const isIsoDate = (v: unknown) => typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v) && !Number.isNaN(Date.parse(v));

beforeAll(async () => {
  ({ kubeconfig } = await ensureKubernetes());
  kubectl("create", "namespace", nsA);
  kubectl("create", "namespace", nsB);
  await resetDb();
  admin = await makeUser({ admin: true });
  cluster = await connectAgent(admin.actor, "cluster", "local", ["--kubeconfig", kubeconfig]);
  syncKey = (await createApiKey({ ...admin.actor, via: "session" }, { name: "port", publicApiOnly: true, namespaces: `\\wh-port-[ab]-${run}\\` })).key;
  apply(deployment(nsA, "web", "sleep 3600"));
  apply(deployment(nsA, "crasher", "echo failing; exit 1"));
  apply(deployment(nsB, "ledger", "sleep 3600"));
  // A dynamic risk to sync: the crash-looping workload's restartingContainers monitor.
  await until(
    () => db.healthMonitor.findFirst({ where: { komodorUid: `Deployment|local|${nsA}|crasher`, checkType: "restartingContainers", status: "open" } }),
    "the restartingContainers monitor",
    150_000,
  );
  await until(
    async () => (await db.kubeObject.count({ where: { kind: "Deployment", namespace: { in: [nsA, nsB] } } })) === 3,
    "the three deployments to be stored",
  );
}, 600_000);

afterAll(async () => {
  for (const ns of [nsA, nsB]) {
    try {
      kubectl("delete", "namespace", ns, "--wait=false");
    } catch {
      // already gone
    }
  }
  await cluster?.close();
});

describe("Port's Komodor integration against /api/v2", () => {
  it("fills komodorService and komodorHealthMonitoring completely, with every relation naming a synced service", async () => {
    const byPage = await syncServicesByPage(syncKey);
    const byToken = await syncServicesByToken(syncKey);
    const entities = jqMap(byPage, SERVICE_MAPPING);
    expect(jqMap(byToken, SERVICE_MAPPING)).toEqual(entities);
    expect(entities.map((e) => e.title).sort()).toEqual(["crasher", "ledger", "web"]);
    for (const e of entities) {
      for (const [name, value] of Object.entries(e.properties)) expect(value, `${e.identifier}.${name}`).not.toBeNull();
      expect(isIsoDate(e.properties.last_deploy_at), e.properties.last_deploy_at).toBe(true);
      expect(e.properties.komodor_link).toMatch(/^http:\/\/127\.0\.0\.1:3000\/kube\/services\/.+\?referer=public-api&utmSource=port$/);
      expect(e.properties.labels).toMatchObject({ team: "payments" });
      expect(["healthy", "unhealthy"]).toContain(e.properties.status);
      expect(["success", "failure", "pending"]).toContain(e.properties.last_deploy_status);
    }
    expect(entities.find((e) => e.title === "crasher")!.properties.status).toBe("unhealthy");
    expect(entities.find((e) => e.title === "web")!.identifier).toBe(`Deployment-local-${nsA}-web`);

    const risks = await syncRisks(syncKey);
    const riskEntities = jqMap(risks, RISK_MAPPING);
    expect(riskEntities.length).toBeGreaterThan(0);
    const serviceIds = new Set(entities.map((e) => e.identifier));
    for (const r of riskEntities) {
      for (const [name, value] of Object.entries(r.properties)) expect(value, `${r.identifier}.${name}`).not.toBeNull();
      expect(isIsoDate(r.properties.created_at) && isIsoDate(r.properties.last_evaluated_at)).toBe(true);
      expect(r.properties.komodor_link).toMatch(/^http:\/\/127\.0\.0\.1:3000\/kube\/health\?violationId=.+&utmSource=port$/);
      expect(serviceIds.has(r.relations.service), `${r.title} relates to ${r.relations.service}`).toBe(true);
    }
    const crash = risks.find((r) => r.checkType === "restartingContainers")!;
    expect(crash.komodorUid).toBe(`Deployment|local|${nsA}|crasher`);
    expect(crash.supportingData.restartingContainers).toMatchObject({
      containers: [{ name: "app" }],
      restartReasons: { breakdown: expect.any(Array), additionalInfo: { podSamples: expect.any(Array) } },
    });
    // The risk's link opens the Health page on that one monitor.
    const violationId = new URL(crash.link).searchParams.get("violationId")!;
    const linked = await call(v1Health, "GET", "/api/v1/kube/health", { key: admin.key, query: { id: violationId } });
    expect(linked.json.map((m: { id: string }) => m.id)).toEqual([crash.id]);
    // Static best-practice checks are not "dynamic": Port's filter leaves them out.
    expect(risks.every((r) => r.checkType !== "livenessProbeMissing")).toBe(true);
  });

  it("a key scoped to namespace A sees nothing of namespace B, in any endpoint", async () => {
    const scoped = (await createApiKey({ ...admin.actor, via: "session" }, { name: "only-a", publicApiOnly: true, namespaces: nsA })).key;
    const services = await syncServicesByToken(scoped);
    expect(services.map((s) => (s as { namespace: string }).namespace)).toEqual(expect.arrayContaining([nsA]));
    expect(services.every((s) => (s as { namespace: string }).namespace === nsA)).toBe(true);
    const asked = await call(searchRoute, "POST", "/api/v2/services/search", { key: scoped, body: { scope: { cluster: "local", namespaces: [nsB] } } });
    expect(asked.json.data.services).toEqual([]);

    const riskInB = await db.healthMonitor.findFirstOrThrow({ where: { komodorUid: { startsWith: `Deployment|local|${nsB}|` } } });
    const all = await call(risksRoute, "GET", "/api/v2/health/risks", { key: scoped, query: { pageSize: "1000", offset: "0" } });
    expect(all.json.violations.length).toBeGreaterThan(0);
    expect(all.json.violations.every((v: { namespace: string }) => v.namespace === nsA)).toBe(true);
    const byNamespace = await call(risksRoute, "GET", "/api/v2/health/risks", { key: scoped, query: { pageSize: "50", offset: "0", namespace: [nsB] } });
    expect(byNamespace.json).toMatchObject({ violations: [], totalResults: 0, hasMoreResults: false });
    const one = await call(riskRoute, "GET", `/api/v2/health/risks/${riskInB.id}`, { key: scoped, params: { id: riskInB.id } });
    expect(one.status).toBe(404);
    expect(one.json.error).toMatchObject({ code: 404 });
    // The admin's own (unscoped) key sees both.
    const full = await syncServicesByToken(admin.key);
    expect(full.some((s) => (s as { namespace: string }).namespace === nsB)).toBe(true);
  });

  it("the key's scope and its user's policies both apply", async () => {
    const viewer = await makeUser();
    await createKubePolicy({ ...admin.actor, via: "session" }, { userId: viewer.id, clusters: "local", namespaces: nsB, actions: ["view"] });
    // The key may reach A and B; the user may view only B: only B.
    const key = (await createApiKey({ ...viewer.actor, via: "session" }, { name: "both", publicApiOnly: true, namespaces: `\\wh-port-[ab]-${run}\\` })).key;
    const services = await syncServicesByToken(key);
    expect(services.map((s) => (s as { service: string }).service)).toEqual(["ledger"]);
  });

  it("a read-only public-API key gets 403 on PUT, and on /api/v1; a full key's PUT is audited", async () => {
    const risk = await db.healthMonitor.findFirstOrThrow({ where: { komodorUid: `Deployment|local|${nsA}|crasher`, checkType: "restartingContainers" } });
    const refused = await call(riskRoute, "PUT", `/api/v2/health/risks/${risk.id}`, { key: syncKey, params: { id: risk.id }, body: { status: "dismissed" } });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 403 });
    expect((await db.healthMonitor.findUniqueOrThrow({ where: { id: risk.id } })).status).toBe("open");
    const v1 = await call(v1Services, "GET", "/api/v1/kube/services", { key: syncKey });
    expect(v1.status).toBe(403);

    const bad = await call(riskRoute, "PUT", `/api/v2/health/risks/${risk.id}`, { key: admin.key, params: { id: risk.id }, body: { status: "gone" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fieldErrors).toEqual([expect.objectContaining({ field: "status" })]);

    const ok = await call(riskRoute, "PUT", `/api/v2/health/risks/${risk.id}`, { key: admin.key, params: { id: risk.id }, body: { status: "confirmed" } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.violation).toMatchObject({ id: risk.id, status: "confirmed", komodorUid: `Deployment|local|${nsA}|crasher` });
    const audit = await db.update.findFirstOrThrow({ where: { operation: "SetHealthMonitorStatus", targetId: cluster.id } });
    expect(audit).toMatchObject({ operatorId: admin.id, namespace: nsA, newConfig: { status: "confirmed" } });
  });
});
