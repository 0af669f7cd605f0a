// Reading the timeline, filtered by Kubernetes RBAC.
import "../server-only";
import type { Actor } from "../authz/actor";
import { kubeAccessOf } from "../authz/kube-access";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { parseInput } from "../validation";
import { ZTimelineQuery } from "./types";

export async function visibility(actor: Actor) {
  // Independent reads, so one round trip's wait rather than two (three for a user's policies).
  const [access, rows] = await Promise.all([kubeAccessOf(actor), db.cluster.findMany({ select: { id: true, name: true } })]);
  const clusters = new Map(rows.map((c) => [c.id, c.name]));
  return (clusterId: string, namespace: string) => access.allows(clusters.get(clusterId) ?? "", namespace || null, "view");
}

export async function timeline(actor: Actor, query: unknown) {
  const q = parseInput(ZTimelineQuery, query);
  const where: Prisma.TimelineEventWhereInput = {
    clusterId: q.clusterId,
    komodorUid: q.komodorUid,
    at: { gte: q.from, lte: q.to },
    ...(q.type?.length ? { type: { in: q.type } } : {}),
    ...(q.severity?.length ? { severity: { in: q.severity } } : {}),
    ...(q.q ? { summary: { contains: q.q, mode: "insensitive" } } : {}),
  };
  // The events and who may see them are read at once: the query itself takes a fraction of a
  // millisecond on its (komodorUid, at) index, so the page's time is the round trips (bench/timeline.ts).
  const [canView, rows] = await Promise.all([visibility(actor), db.timelineEvent.findMany({ where, orderBy: { at: "desc" }, take: q.limit })]);
  return rows.filter((r) => canView(r.clusterId, r.namespace));
}
