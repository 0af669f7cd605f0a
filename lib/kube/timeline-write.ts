// Writing timeline events a batch at a time (ingest's side; lib/kube/timeline.ts reads them).
import { bulkStatement, db } from "../db";
import { sortableId } from "../ids";
import type { DerivedEvent } from "./derive";

/** One event row as ingest builds it; the cluster and the time are added when it is written. */
export interface TimelineRow {
  komodorUid: string | null;
  namespace: string;
  objectKind: string;
  objectName: string;
  type: string;
  severity: "info" | "warning" | "error";
  summary: string;
  details: object;
}

/** Rows per INSERT: large enough that a statement's round trip is noise, small enough to parse quickly. */
const SLICE = 1000;

/**
 * Inserts the rows, a slice per statement. Each row gets its own microsecond after its
 * statement's time, in the batch's order, so a service's events written together (a pod's
 * Pending then Running) read back in the order they happened. Rows are split by service into two
 * chains of statements that run at once (the database has more than one core to insert with);
 * each service's rows stay in one chain, in order.
 */
export async function insertTimelineRows(clusterId: string, rows: TimelineRow[]): Promise<void> {
  const chains: (TimelineRow & { id: string; ord: number })[][] = [[], []];
  rows.forEach((r, ord) => chains[chainOf(r.komodorUid ?? `${r.objectKind}/${r.namespace}/${r.objectName}`)]!.push({ ...r, id: sortableId(), ord }));
  await Promise.all(
    chains.map(async (chain) => {
      for (let i = 0; i < chain.length; i += SLICE)
        await bulkStatement(
          `INSERT INTO "TimelineEvent" (id, "clusterId", "komodorUid", namespace, "objectKind", "objectName", type, severity, summary, details, at)
           SELECT r.id, $1, r."komodorUid", r.namespace, r."objectKind", r."objectName", r.type, r.severity, r.summary, r.details,
                  statement_timestamp() + r.ord * interval '1 microsecond'
           FROM jsonb_to_recordset($2::jsonb)
             AS r(id text, "komodorUid" text, namespace text, "objectKind" text, "objectName" text, type text, severity text, summary text, details jsonb, ord int)`,
          [clusterId, JSON.stringify(chain.slice(i, i + SLICE))],
        );
    }),
  );
}

/** 0 or 1, the same for the same service every time. */
function chainOf(service: string): number {
  let h = 0;
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) | 0;
  return h & 1;
}

/** How far before a container's exit its crash event may have been stamped (core's clock may trail the node's). */
const CLOCK_SKEW_MS = 3600_000;

const terminationOf = (event: DerivedEvent) => (event.type === "restart" && typeof event.details?.termination === "string" ? event.details.termination : null);

/**
 * Of these events (each with its namespace), the ones to write: a crash is seen first as the
 * container's terminated state and again when the kubelet restarts the container (or again
 * after a re-list), and each crash is one event, whether its first sighting is stored already
 * or earlier in the same batch. One statement; only events after the earliest crash ended are
 * searched, which keeps it on the (clusterId, at) index however long the timeline is.
 */
export async function withoutRecordedCrashes<E extends { namespace: string; event: DerivedEvent }>(clusterId: string, events: E[]): Promise<E[]> {
  const crashes = events.filter((e) => terminationOf(e.event));
  if (!crashes.length) return events;
  const finished = crashes.map((e) => Date.parse(String(e.event.details?.finishedAt))).map((t) => (Number.isNaN(t) ? Date.now() : t));
  const since = new Date(Math.min(...finished) - CLOCK_SKEW_MS);
  const stored = await db.$queryRaw<{ namespace: string; termination: string }[]>`
    SELECT namespace, details->>'termination' AS termination FROM "TimelineEvent"
    WHERE "clusterId" = ${clusterId} AND type = 'restart' AND at >= ${since}
      AND details->>'termination' = ANY(${crashes.map((e) => terminationOf(e.event)!)}::text[])`;
  const seen = new Set(stored.map((s) => `${s.namespace}\u0000${s.termination}`));
  return events.filter((e) => {
    const termination = terminationOf(e.event);
    if (!termination) return true;
    const key = `${e.namespace}\u0000${termination}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
