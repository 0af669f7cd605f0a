// POST /api/v2/jobs/search: Jobs and CronJobs in Komodor's shape, from the objects the agents
// keep current, filtered by the caller's Kubernetes RBAC ("view" on the namespace, narrowed by
// its API key's scope). Page-numbered walks (paging.ts) over the objects' identity (cluster id,
// kind, namespace, name), which never changes while the object exists, so a job created or
// deleted between two pages can't shift a page boundary.
import "../server-only";
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { kubeAccessOf } from "../authz/kube-access";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { jobStatus } from "../kube/catalog";
import { condition, komodorUid, type K } from "../kube/objects";
import { parseInput } from "../validation";
import { epochSeconds, jobLink } from "./links";
import { pageWalk, queryDigest } from "./paging";

export const JOB_STATUSES = ["failed", "running", "completed", "resumed", "suspended", "unknown"] as const;
type JobStatus = (typeof JOB_STATUSES)[number];

export const ZSearchJobsBody = z
  .object({
    scope: z
      .object({ cluster: z.string().min(1).optional(), namespaces: z.array(z.string().min(1)).optional() })
      .strict()
      .optional(),
    types: z.array(z.enum(["job", "cronjob"])).optional(),
    status: z.enum(JOB_STATUSES).optional(),
    pagination: z
      .object({ pageSize: z.number().int().min(1).max(1000).default(100), page: z.number().int().min(0).default(0) })
      .strict()
      .optional(),
  })
  .strict();

type Position = [clusterId: string, kind: string, namespace: string, name: string];

interface Row {
  clusterId: string;
  kind: "Job" | "CronJob";
  namespace: string;
  name: string;
  object: K;
}

/** Our job states in Komodor's words: a CronJob that is not suspended is "resumed". */
const KOMODOR_STATUS: Record<ReturnType<typeof jobStatus>, JobStatus> = {
  complete: "completed",
  failed: "failed",
  running: "running",
  scheduled: "resumed",
  suspended: "suspended",
};

function singleJob(row: Row, cluster: string) {
  const o = row.object;
  const status = KOMODOR_STATUS[jobStatus(row.kind, o)] ?? "unknown";
  const started = row.kind === "CronJob" ? o.status?.lastScheduleTime : o.status?.startTime;
  const failed = status === "failed" ? condition(o, "Failed") : undefined;
  return {
    cluster,
    namespace: row.namespace,
    name: row.name,
    kind: row.kind,
    uid: komodorUid(row.kind, cluster, row.namespace, row.name).replaceAll("|", "-"),
    status,
    ...(started ? { startTime: epochSeconds(started) } : {}),
    ...(failed ? { issueData: { reason: String(failed.reason ?? "Failed"), errorMessage: String(failed.message ?? ""), podStatus: "Failed" } } : {}),
    link: jobLink(row.clusterId, row.namespace, row.name),
  };
}

const BATCH = 500;

/** One batch of Jobs/CronJobs after `after`, in walk order; only the fields the answer needs leave the database. */
function candidates(kinds: string[], clusterIds: string[], namespaces: string[] | undefined, after: Position | null) {
  const conditions = [Prisma.sql`o.kind = ANY(${kinds}::text[])`, Prisma.sql`o."clusterId" = ANY(${clusterIds}::text[])`];
  if (namespaces?.length) conditions.push(Prisma.sql`o.namespace = ANY(${namespaces}::text[])`);
  if (after) conditions.push(Prisma.sql`(o."clusterId", o.kind, o.namespace, o.name) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`);
  return db.$queryRaw<Row[]>`
    SELECT o."clusterId", o.kind, o.namespace, o.name,
      jsonb_build_object('spec', jsonb_build_object('suspend', o.object->'spec'->'suspend'), 'status', o.object->'status') AS object
    FROM "KubeObject" o
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY o."clusterId", o.kind, o.namespace, o.name
    LIMIT ${BATCH}`;
}

export async function searchJobs(actor: Actor, body: unknown) {
  const { pagination, ...filters } = parseInput(ZSearchJobsBody, body ?? {});
  const pageSize = pagination?.pageSize ?? 100;
  const page = pagination?.page ?? 0;
  const walk = await pageWalk<Position>(actor, queryDigest(filters), pageSize, page);

  const access = await kubeAccessOf(actor);
  const clusters = (
    await db.cluster.findMany({ where: filters.scope?.cluster ? { name: filters.scope.cluster } : {}, select: { id: true, name: true } })
  ).filter((c) => access.actionsSomewhere(c.name).includes("view"));
  const nameOf = new Map(clusters.map((c) => [c.id, c.name]));
  const kinds = filters.types?.length ? filters.types.map((t) => (t === "job" ? "Job" : "CronJob")) : ["Job", "CronJob"];

  const jobs: ReturnType<typeof singleJob>[] = [];
  let end: Position | null = null;
  let more = false;
  let after = walk.after;
  while (clusters.length && !more) {
    const rows = await candidates(kinds, [...nameOf.keys()], filters.scope?.namespaces, after);
    for (const row of rows) {
      const cluster = nameOf.get(row.clusterId)!;
      if (!access.allows(cluster, row.namespace, "view")) continue;
      const job = singleJob(row, cluster);
      if (filters.status && job.status !== filters.status) continue;
      if (jobs.length === pageSize) {
        more = true;
        break;
      }
      jobs.push(job);
      end = [row.clusterId, row.kind, row.namespace, row.name];
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) break;
    after = [last.clusterId, last.kind, last.namespace, last.name];
  }
  if (more) await walk.mark(end!);
  return { data: { jobs }, meta: { page, pageSize, ...(more ? { nextPage: walk.next } : {}) } };
}
