// GET /metrics: Prometheus text for admins, admins' API keys and the scrape token, nobody else;
// and the figures move with what core is doing (sockets, agents, commands, Updates, cluster
// changes, the database pool).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import * as metricsRoute from "@/app/metrics/route";
import { db } from "@/lib/db";
import { ingestChange } from "@/lib/kube/ingest";
import { createResource } from "@/lib/resources/write";
import { finishExecution, startExecution } from "@/lib/updates/progress";
import { connectAgent, startCore, until } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { call } from "../helpers/routes";
import { sessionHeaders } from "../helpers/session";

const SCRAPE_TOKEN = "scrape-token-for-the-metrics-test";
vi.hoisted(() => {
  process.env.WHEELHOUSE_METRICS_TOKEN = "scrape-token-for-the-metrics-test";
});

/** One sample's value from Prometheus text: `name{a="b"} 3`, labels matched exactly when given. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? "").matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v) && Object.keys(got).length === Object.keys(labels).length) return Number(m[3]);
  }
  return undefined;
}

let admin: TestUser;
const scrape = async (headers: Record<string, string> = { authorization: `Bearer ${SCRAPE_TOKEN}` }) => {
  const res = await call(metricsRoute, "GET", "/metrics", { headers });
  expect(res.status, res.text).toBe(200);
  return res.text;
};

beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});

describe("who may scrape /metrics", () => {
  it("refuses a caller with no credentials (401) and a wrong scrape token (401)", async () => {
    const none = await call(metricsRoute, "GET", "/metrics");
    expect(none.status).toBe(401);
    expect(none.text).not.toContain("wheelhouse_");
    const wrong = await call(metricsRoute, "GET", "/metrics", { headers: { authorization: "Bearer not-the-token" } });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain("wheelhouse_");
  });

  it("refuses a signed-in user or API key that is not an admin's (403)", async () => {
    const user = await makeUser();
    const byKey = await call(metricsRoute, "GET", "/metrics", { key: user.key });
    expect(byKey.status).toBe(403);
    expect(byKey.json.error.message).toMatch(/admin/);
    const bySession = await call(metricsRoute, "GET", "/metrics", { headers: await sessionHeaders(user) });
    expect(bySession.status).toBe(403);
  });

  it("answers an admin's session, an admin's API key and the scrape token", async () => {
    const bySession = await call(metricsRoute, "GET", "/metrics", { headers: await sessionHeaders(admin) });
    expect(bySession.status).toBe(200);
    expect(bySession.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await call(metricsRoute, "GET", "/metrics", { key: admin.key })).status).toBe(200);
    expect(await scrape()).toContain("wheelhouse_");
  });
});

describe("what /metrics reports", () => {
  let core: Awaited<ReturnType<typeof startCore>>;
  beforeAll(async () => {
    core = await startCore();
  });
  afterAll(() => core?.close());

  it("names every metric, with Node's process metrics and the database pool", async () => {
    const text = await scrape();
    for (const name of [
      "wheelhouse_agents_connected",
      "wheelhouse_agent_commands",
      "wheelhouse_update_duration_seconds",
      "wheelhouse_websockets_open",
      "wheelhouse_kube_changes_ingested_total",
      "wheelhouse_db_pool_connections",
      "wheelhouse_db_pool_waiting",
      "process_cpu_user_seconds_total",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, "m"));
    }
    // The scrape itself queried the database, so the pool holds at least one connection.
    expect(sample(text, "wheelhouse_db_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "wheelhouse_db_pool_connections", { state: "idle" })).toBeGreaterThanOrEqual(0);
    expect(sample(text, "wheelhouse_db_pool_waiting")).toBe(0);
  });

  it("counts open WebSockets per channel: an events socket raises the gauge, closing it lowers it", async () => {
    const before = sample(await scrape(), "wheelhouse_websockets_open", { channel: "events" }) ?? 0;
    const socket = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/events`, { headers: await sessionHeaders(admin) });
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    await until(async () => sample(await scrape(), "wheelhouse_websockets_open", { channel: "events" }) === before + 1, "the events socket gauge to rise");
    socket.close();
    await until(async () => sample(await scrape(), "wheelhouse_websockets_open", { channel: "events" }) === before, "the events socket gauge to fall back");
  });

  it("does not count a refused socket", async () => {
    const before = sample(await scrape(), "wheelhouse_websockets_open", { channel: "events" }) ?? 0;
    const socket = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/events`);
    const code = await new Promise<number>((resolve) => socket.once("close", resolve));
    expect(code).toBe(4401);
    expect(sample(await scrape(), "wheelhouse_websockets_open", { channel: "events" }) ?? 0).toBe(before);
  });

  it("reports commands by state from the database, so every core reports the same numbers", async () => {
    const agent = await db.agent.create({ data: { name: "metrics-agent" } });
    const deadline = new Date(Date.now() + 60_000);
    await db.agentCommand.createMany({
      data: [
        { agentId: agent.id, idempotencyKey: "m-1", payload: {}, status: "queued", deadline },
        { agentId: agent.id, idempotencyKey: "m-2", payload: {}, status: "queued", deadline },
        { agentId: agent.id, idempotencyKey: "m-3", payload: {}, status: "failed", deadline },
      ],
    });
    const text = await scrape();
    expect(sample(text, "wheelhouse_agent_commands", { status: "queued" })).toBe(2);
    expect(sample(text, "wheelhouse_agent_commands", { status: "failed" })).toBe(1);
    // A state with no rows reads 0 rather than vanishing.
    expect(sample(text, "wheelhouse_agent_commands", { status: "sent" })).toBe(0);
  });

  it("observes an Update's duration when it ends, by operation and outcome", async () => {
    const server = await createResource(admin.actor, "server", { name: "timed" });
    const count = async () => sample(await scrape(), "wheelhouse_update_duration_seconds_count", { operation: "MetricsProbe", status: "failure" }) ?? 0;
    const before = await count();
    const { id } = await startExecution(admin.actor, "MetricsProbe", { type: "server", id: server.id, name: "timed" });
    await finishExecution(id, false, "ended by the metrics test");
    await until(async () => (await count()) === before + 1, "the Update's duration to be observed");
    // Ending it again changes nothing: an Update ends once.
    await finishExecution(id, true);
    expect(await count()).toBe(before + 1);
  });

  it("counts each stored cluster change", async () => {
    const clusterId = (await createResource(admin.actor, "cluster", { name: "prod" })).id;
    const agentId = (await db.agent.create({ data: { name: "cluster-agent", mode: "kubernetes", clusters: { connect: { id: clusterId } } } })).id;
    const before = sample(await scrape(), "wheelhouse_kube_changes_ingested_total", { kind: "ConfigMap" }) ?? 0;
    const configMap = { kind: "ConfigMap", metadata: { name: "settings", namespace: "default", uid: "cm-1" }, data: { a: "1" } };
    await ingestChange(agentId, "ConfigMap", "ADDED", configMap);
    await ingestChange(agentId, "ConfigMap", "MODIFIED", { ...configMap, data: { a: "2" } });
    expect(sample(await scrape(), "wheelhouse_kube_changes_ingested_total", { kind: "ConfigMap" })).toBe(before + 2);
  });

  it("counts the agents connected to this core", { timeout: 120_000 }, async () => {
    const before = sample(await scrape(), "wheelhouse_agents_connected") ?? 0;
    const connected = await connectAgent(admin.actor, "server", "metrics-host");
    try {
      await until(async () => sample(await scrape(), "wheelhouse_agents_connected") === before + 1, "the agent to be counted");
    } finally {
      await connected.close();
    }
    await until(async () => sample(await scrape(), "wheelhouse_agents_connected") === before, "the agent to be uncounted");
  });
});
