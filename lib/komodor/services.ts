// POST /api/v2/services/search: the service catalog in Komodor's shape, filtered by the
// caller's Kubernetes RBAC (and its API key's scope), paged by keyset over the services'
// identity (cluster id, kind, namespace, name), which never changes while a service exists.
import "../server-only";
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { kubeAccessOf, kubeScoped } from "../authz/kube-access";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { lastDeploys, openIssueCounts, serviceHealth } from "../kube/catalog";
import { condition, komodorUid, rollingOut, SERVICE_KINDS, type K, type ServiceKind } from "../kube/objects";
import { parseInput } from "../validation";
import { epochSeconds, serviceLink } from "./links";
import { decodeCursor, encodeCursor, pageWalk, queryDigest } from "./paging";

const ZKind = z.enum([...SERVICE_KINDS, "Rollout"]);

export const ZSearchServicesBody = z
  .object({
    scope: z
      .object({ cluster: z.string().optional(), namespaces: z.array(z.string()).optional() })
      .strict()
      .optional(),
    kind: z.array(ZKind).optional(),
    /** Wheelhouse extensions: several clusters or namespaces, a name substring, labels that must all match. */
    cluster: z.array(z.string()).optional(),
    namespace: z.array(z.string()).optional(),
    name: z.string().max(253).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    status: z.enum(["healthy", "unhealthy", "unknown"]).optional(),
    latestDeployStatus: z.enum(["success", "failure", "pending", "unknown"]).optional(),
    issueReasonCategory: z.array(z.string()).max(0, "Filtering by issue reason category is not supported").optional(),
    pagination: z
      .object({ pageSize: z.number().int().min(1).max(10000).default(100), token: z.string().max(4096).optional(), page: z.number().int().min(0).optional() })
      .strict()
      .refine((p) => p.token === undefined || p.page === undefined, { message: "Use either token (cursor paging) or page, not both" })
      .optional(),
  })
  .strict();

/** A service's place in the walk: its identity, in the order of the KubeObject unique index. */
type Position = [clusterId: string, kind: string, namespace: string, name: string];

interface Row {
  clusterId: string;
  kind: ServiceKind;
  namespace: string;
  name: string;
  object: K;
}

export interface KomodorService {
  uid: string;
  service: string;
  kind: string;
  cluster: string;
  namespace: string;
  status: "healthy" | "unhealthy";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  lastDeploy: { startTime: number; endTime?: number; status: "success" | "failure" | "pending" | "unknown" };
  link: string;
}

type Filters = Omit<z.infer<typeof ZSearchServicesBody>, "pagination">;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One batch of candidate rows after `after`, in walk order. Only the fields the answer needs leave the database. */
function candidates(f: Filters, clusterIds: string[], after: Position | null, limit: number) {
  const kinds = f.kind?.length ? f.kind : [...SERVICE_KINDS];
  const namespaces = [...(f.scope?.namespaces ?? []), ...(f.namespace ?? [])];
  const conditions = [Prisma.sql`o.kind = ANY(${kinds}::text[])`, Prisma.sql`o."clusterId" = ANY(${clusterIds}::text[])`];
  if (namespaces.length) conditions.push(Prisma.sql`o.namespace = ANY(${namespaces}::text[])`);
  if (f.name) conditions.push(Prisma.sql`o.name ILIKE ${`%${likeEscape(f.name)}%`}`);
  if (f.labels && Object.keys(f.labels).length) conditions.push(Prisma.sql`o.object->'metadata'->'labels' @> ${JSON.stringify(f.labels)}::jsonb`);
  if (after) conditions.push(Prisma.sql`(o."clusterId", o.kind, o.namespace, o.name) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`);
  return db.$queryRaw<Row[]>`
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

const DEPLOY_STATUS = { success: "success", failure: "failure", "in progress": "pending" } as const;

/** When the timeline has no deploy (the service predates the agent), the object still tells when it last rolled out. */
function deployFromObject(kind: ServiceKind, o: K): KomodorService["lastDeploy"] {
  const progressing = condition(o, "Progressing");
  const at = progressing?.reason === "NewReplicaSetAvailable" ? progressing.lastUpdateTime : o.metadata?.creationTimestamp;
  const start = epochSeconds(at ?? 0);
  if (progressing?.reason === "ProgressDeadlineExceeded")
    return { startTime: start, endTime: epochSeconds(progressing.lastUpdateTime ?? at ?? 0), status: "failure" };
  if (rollingOut(kind, o)) return { startTime: start, status: "pending" };
  return { startTime: start, endTime: start, status: "success" };
}

export async function searchServices(actor: Actor, body: unknown) {
  const input = parseInput(ZSearchServicesBody, body ?? {});
  const { pagination, ...filters } = input;
  const pageSize = pagination?.pageSize ?? 100;
  const query = queryDigest(filters);
  const walk = pagination?.page !== undefined ? await pageWalk<Position>(actor, query, pageSize, pagination.page) : null;
  let after: Position | null = walk ? walk.after : pagination?.token ? decodeCursor<Position>(pagination.token, query) : null;

  const access = await kubeAccessOf(actor);
  const clusterNames = [...(filters.scope?.cluster ? [filters.scope.cluster] : []), ...(filters.cluster ?? [])];
  const clusters = (await db.cluster.findMany({ where: clusterNames.length ? { name: { in: clusterNames } } : {}, select: { id: true, name: true } })).filter(
    (c) => access.actionsSomewhere(c.name).includes("view"),
  );
  const nameOf = new Map(clusters.map((c) => [c.id, c.name]));
  // Rows the database can't judge (RBAC patterns, health) are filtered here, in larger batches.
  const filtersInMemory = !actor.admin || kubeScoped(actor) || filters.status !== undefined || filters.latestDeployStatus !== undefined;

  const page: KomodorService[] = [];
  const positions: Position[] = [];
  let more = false;
  while (clusters.length && !more) {
    const want = pageSize + 1 - page.length;
    const limit = filtersInMemory ? Math.max(want, 500) : want;
    const rows = await candidates(filters, [...nameOf.keys()], after, limit);
    const visible = rows
      .filter((r) => access.allows(nameOf.get(r.clusterId)!, r.namespace, "view"))
      .map((row) => ({ row, uid: komodorUid(row.kind, nameOf.get(row.clusterId)!, row.namespace, row.name) }));
    const open = await openIssueCounts(visible.map((c) => c.uid));
    let matching = visible
      .map(({ row, uid }) => ({ row, uid, status: serviceHealth(row.kind, row.object, open.get(uid) ?? 0).status }))
      .filter((c) => !filters.status || c.status === filters.status);
    // Deploys are looked up only for what can still make the page, unless they decide what matches.
    if (!filters.latestDeployStatus) matching = matching.slice(0, want);
    const deploys = await lastDeploys(matching.map((c) => c.uid));
    for (const { row, uid, status } of matching) {
      const deploy = deploys.get(uid);
      const lastDeploy: KomodorService["lastDeploy"] = deploy
        ? {
            startTime: epochSeconds(deploy.startTime),
            ...(deploy.endTime ? { endTime: epochSeconds(deploy.endTime) } : {}),
            status: DEPLOY_STATUS[deploy.status],
          }
        : deployFromObject(row.kind, row.object);
      if (filters.latestDeployStatus && lastDeploy.status !== filters.latestDeployStatus) continue;
      if (page.length === pageSize) {
        more = true;
        break;
      }
      page.push({
        uid: uid.replaceAll("|", "-"),
        service: row.name,
        kind: row.kind,
        cluster: nameOf.get(row.clusterId)!,
        namespace: row.namespace,
        status,
        labels: row.object.metadata?.labels ?? {},
        annotations: row.object.metadata?.annotations ?? {},
        lastDeploy,
        link: serviceLink(uid),
      });
      positions.push([row.clusterId, row.kind, row.namespace, row.name]);
    }
    const last = rows.at(-1);
    if (!last || rows.length < limit) break;
    after = [last.clusterId, last.kind, last.namespace, last.name];
  }

  // `more` is set only with a full page in hand (pageSize is at least 1), so it comes with a last position.
  const end = more ? positions.at(-1) : undefined;
  if (walk) {
    if (end) await walk.mark(end);
    return { data: { services: page }, meta: { page: pagination!.page!, pageSize, ...(end ? { nextPage: walk.next } : {}) } };
  }
  return { data: { services: page }, meta: { pageSize, ...(end ? { token: encodeCursor(end, query) } : {}) } };
}
