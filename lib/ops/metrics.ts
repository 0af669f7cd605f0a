// What GET /metrics reports, in Prometheus text (prom-client). Gauges that mirror state are read
// when scraped (collect), so they can't drift: agents with a socket on this process, commands by
// state from Postgres (every core reports the same truth), the database pool. Events are fed as
// they happen: Update durations when one ends, sockets per channel as they open and close,
// cluster changes as they are stored. Per-process figures are summed across cores by Prometheus.
import "../server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { connectedCount } from "../agents/hub";
import type { Actor } from "../authz/actor";
import { authorize } from "../authz/authorize";
import { db, dbPool } from "../db";
import { env } from "../env";
import { AppError, isAppError } from "../errors";
import { logger } from "../logger";
import { safeEqual, sha256 } from "../secrets/crypto";

/** The states an AgentCommand row passes through; each is reported, 0 when no row is in it. */
const COMMAND_STATES = ["queued", "sent", "acked", "done", "failed", "timed-out"];

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const gauge = (name: string, help: string, labelNames: string[], collect?: (g: Gauge) => void | Promise<void>) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      ...(collect
        ? {
            collect() {
              return collect(this);
            },
          }
        : {}),
    });

  gauge("wheelhouse_agents_connected", "Agents with a socket on this core process", [], (g) => g.set(connectedCount()));
  gauge("wheelhouse_agent_commands", "Agent commands by state, across all cores (from the database)", ["status"], async (g) => {
    g.reset();
    try {
      const rows = await db.agentCommand.groupBy({ by: ["status"], _count: { _all: true } });
      for (const status of COMMAND_STATES) g.set({ status }, 0);
      for (const row of rows) g.set({ status: row.status }, row._count._all);
    } catch (e) {
      // The scrape still answers (with the pool and process figures); the series is absent.
      logger.warn("metrics: could not count agent commands", e);
    }
  });
  gauge("wheelhouse_db_pool_connections", "Connections in this process's database pool", ["state"], (g) => {
    const pool = dbPool();
    g.set({ state: "total" }, pool?.totalCount ?? 0);
    g.set({ state: "idle" }, pool?.idleCount ?? 0);
  });
  gauge("wheelhouse_db_pool_waiting", "Queries waiting for a free database connection", [], (g) => g.set(dbPool()?.waitingCount ?? 0));

  return {
    registry,
    sockets: gauge("wheelhouse_websockets_open", "Open WebSockets on this core process, per channel", ["channel"]),
    updateDuration: new Histogram({
      name: "wheelhouse_update_duration_seconds",
      help: "How long Updates ran, from start to end, by operation and outcome",
      labelNames: ["operation", "status"],
      buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers: [registry],
    }),
    kubeChanges: new Counter({
      name: "wheelhouse_kube_changes_ingested_total",
      help: "Kubernetes object changes stored from agents, by kind",
      labelNames: ["kind"],
      registers: [registry],
    }),
  };
}

// server.ts's module graph (sockets, agents) and Next's route bundles both feed and read these:
// one set per process, on globalThis, or each graph would count on its own copy.
const globalMetrics = globalThis as unknown as { wheelhouseMetrics?: ReturnType<typeof create> };
const metrics = () => (globalMetrics.wheelhouseMetrics ??= create());

export function socketOpened(kind: string): void {
  metrics().sockets.inc({ channel: kind });
}

export function socketClosed(kind: string): void {
  metrics().sockets.dec({ channel: kind });
}

/** Call when an Update ends: its operation, how long it ran, and "success" or "failure". */
export function observeUpdateEnd(operation: string, seconds: number, status: "success" | "failure"): void {
  metrics().updateDuration.observe({ operation, status }, Math.max(0, seconds));
}

/** One stored cluster change (lib/kube/ingest.ts). */
export const kubeChangesIngested = {
  inc: (kind: string) => metrics().kubeChanges.inc({ kind }),
};

/** The exposition text and its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/**
 * Who may scrape: the holder of WHEELHOUSE_METRICS_TOKEN (as a Bearer token, when it is set), or
 * an admin (session or API key) as authorize() judges "admin" on the system. Anyone else is
 * refused: 401 without credentials or with a wrong token, 403 for a user who isn't an admin
 * (that /metrics exists is no secret, so not the 404 other system things answer).
 */
export async function authorizeScrape(actor: Actor | null, authorization: string | null): Promise<void> {
  const bearer = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
  const token = env.WHEELHOUSE_METRICS_TOKEN;
  // Hashed first so the comparison takes the same time whatever the lengths.
  if (bearer && token && safeEqual(sha256(bearer), sha256(token))) return;
  if (!actor) {
    throw new AppError(
      "UNAUTHENTICATED",
      bearer ? "Invalid metrics token" : "Send the metrics token as a Bearer token, or an admin's X-API-KEY, or sign in as an admin",
    );
  }
  try {
    await authorize(actor, "admin", { kind: "system" });
  } catch (e) {
    if (isAppError(e) && (e.code === "NOT_FOUND" || e.code === "FORBIDDEN")) {
      throw new AppError("FORBIDDEN", "Metrics are for admins (with a full-access key) and the metrics token");
    }
    throw e;
  }
}
