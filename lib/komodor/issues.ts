// POST /api/v2/clusters/issues/search: a cluster's problems as Komodor's issues. They are our
// health monitors (open while the monitor is open or confirmed) and, for volume problems no
// monitor checks, the timeline's warning events about volumes (closed: an event is an instant).
// Filtered per namespace by the caller's Kubernetes RBAC; paged by page number over a stable
// order (start time, id) with paging.ts, so an issue opened mid-walk can't shift a boundary.
import "../server-only";
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { kubeAccessOf } from "../authz/kube-access";
import { db } from "../db";
import { invalid } from "../errors";
import { parseKomodorUid } from "../kube/objects";
import { parseInput } from "../validation";
import { epochSeconds, issueLink } from "./links";
import { pageWalk, queryDigest } from "./paging";

export const ISSUE_TYPES = ["availability", "failed-deploy", "node-issue", "pvc-issue", "workflow-issue"] as const;
type IssueType = (typeof ISSUE_TYPES)[number];

/** Which health checks make which Komodor issue type; the configuration checks (probes, limits…) are risks, not issues. */
const CHECKS_OF: Record<IssueType, string[]> = {
  availability: ["deploymentMissingReplicas", "restartingContainers", "OOMKilled", "pendingPods"],
  "failed-deploy": ["failedDeploy"],
  "node-issue": ["unhealthyNode"],
  "pvc-issue": [],
  "workflow-issue": ["failedJob", "failedCronJob"],
};
const OPEN_MONITOR = ["open", "confirmed"];
/** Kubernetes event reasons that are about volumes (besides any event on a PersistentVolumeClaim). */
const VOLUME_REASONS = ["FailedMount", "FailedAttachVolume", "ProvisioningFailed", "VolumeResizeFailed", "FailedBinding"];

const HOUR = 3600;
const epoch = z.number().int().min(0);

export const ZSearchClustersIssuesBody = z
  .object({
    scope: z.object({ cluster: z.string().min(1, "cluster is required"), namespaces: z.array(z.string().min(1)).optional() }).strict(),
    props: z
      .object({
        type: z.enum(ISSUE_TYPES),
        statuses: z.array(z.enum(["open", "closed"])).min(1, "Give at least one status"),
        fromEpoch: epoch.optional(),
        toEpoch: epoch.optional(),
      })
      .strict(),
    pagination: z
      .object({ pageSize: z.number().int().min(1).max(1000).default(100), page: z.number().int().min(0).default(0) })
      .strict()
      .optional(),
  })
  .strict();

/** Komodor's documented window: default the last 24 h, at most 2 days wide, at most 7 days back. */
function timeRange(props: { fromEpoch?: number; toEpoch?: number }, nowSeconds: number) {
  const to = props.toEpoch ?? nowSeconds;
  const from = props.fromEpoch ?? to - 24 * HOUR;
  if (from > to) throw invalid({ "props.fromEpoch": ["fromEpoch must not be after toEpoch"] });
  if (to - from > 48 * HOUR) throw invalid({ "props.toEpoch": ["The time range is at most 2 days"] });
  if (from < nowSeconds - 7 * 24 * HOUR) throw invalid({ "props.fromEpoch": ["fromEpoch is at most 7 days back"] });
  return { from: new Date(from * 1000), to: new Date(to * 1000) };
}

interface Issue {
  id: string;
  type: IssueType;
  kind: string;
  cluster: string;
  namespace: string;
  name: string;
  startTime: number;
  endTime?: number;
  status: "open" | "closed";
  summary: string;
  details: string;
  link: string;
  /** Walk order, not sent. */
  at: number;
}

type Position = [at: number, id: string];

export async function searchClusterIssues(actor: Actor, body: unknown, now = Date.now()) {
  const { pagination, ...filters } = parseInput(ZSearchClustersIssuesBody, body ?? {});
  const { from, to } = timeRange(filters.props, Math.floor(now / 1000));
  const pageSize = pagination?.pageSize ?? 100;
  const page = pagination?.page ?? 0;
  // A default window ("the last 24 h") moves a little between pages; the keyset order keeps the walk exact anyway.
  const walk = await pageWalk<Position>(actor, queryDigest(filters), pageSize, page);

  const access = await kubeAccessOf(actor);
  const cluster = await db.cluster.findUnique({ where: { name: filters.scope.cluster }, select: { id: true, name: true } });
  const issues: Issue[] = [];
  if (cluster && access.actionsSomewhere(cluster.name).includes("view")) {
    const namespaces = filters.scope.namespaces;
    const visible = (namespace: string) => (namespaces ? namespaces.includes(namespace) : true) && access.allows(cluster.name, namespace || null, "view");
    const wantsOpen = filters.props.statuses.includes("open");
    const wantsClosed = filters.props.statuses.includes("closed");
    const checks = CHECKS_OF[filters.props.type];
    if (checks.length) {
      const monitors = await db.healthMonitor.findMany({
        where: {
          clusterId: cluster.id,
          checkType: { in: checks },
          createdAt: { lte: to },
          OR: [{ status: { in: OPEN_MONITOR } }, { resolvedAt: { gte: from } }, { resolvedAt: null, lastEvaluatedAt: { gte: from } }],
        },
      });
      for (const m of monitors) {
        const uid = parseKomodorUid(m.komodorUid);
        if (!uid || !visible(uid.namespace)) continue;
        const open = OPEN_MONITOR.includes(m.status);
        if (open ? !wantsOpen : !wantsClosed) continue;
        issues.push({
          id: m.id,
          type: filters.props.type,
          kind: uid.kind,
          cluster: cluster.name,
          namespace: uid.namespace,
          name: uid.name,
          startTime: epochSeconds(m.createdAt),
          ...(open ? {} : { endTime: epochSeconds(m.resolvedAt ?? m.lastEvaluatedAt) }),
          status: open ? "open" : "closed",
          summary: `${m.checkType} on ${uid.kind} ${uid.namespace ? `${uid.namespace}/` : ""}${uid.name} (${m.severity})`,
          details: JSON.stringify({ checkType: m.checkType, severity: m.severity, monitorStatus: m.status, supportingData: m.supportingData }),
          link: issueLink(cluster.id, "health", m.id),
          at: m.createdAt.getTime(),
        });
      }
    }
    if (filters.props.type === "pvc-issue" && wantsClosed) {
      const events = await db.timelineEvent.findMany({ where: { clusterId: cluster.id, type: "warning", at: { gte: from, lte: to } } });
      for (const e of events) {
        const d = (e.details ?? {}) as { object?: string; reason?: string };
        const onVolume = String(d.object ?? "").startsWith("PersistentVolumeClaim/") || VOLUME_REASONS.includes(String(d.reason ?? ""));
        if (!onVolume || !visible(e.namespace)) continue;
        const [kind = e.objectKind, name] = String(d.object ?? `${e.objectKind}/${e.objectName}`).split("/");
        const start = epochSeconds(e.at);
        issues.push({
          id: e.id,
          type: "pvc-issue",
          kind,
          cluster: cluster.name,
          namespace: e.namespace,
          name: name ?? e.objectName,
          startTime: start,
          endTime: start,
          status: "closed",
          summary: e.summary,
          details: JSON.stringify(e.details),
          link: issueLink(cluster.id, "timeline", e.id),
          at: e.at.getTime(),
        });
      }
    }
  }

  const after = walk.after;
  const ordered = issues
    .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
    .filter((i) => !after || i.at > after[0] || (i.at === after[0] && i.id.localeCompare(after[1]) > 0));
  const pageItems = ordered.slice(0, pageSize);
  const more = ordered.length > pageSize;
  // pageSize is at least 1, so a page with more after it always has a last item to mark.
  const last = more ? pageItems.at(-1) : undefined;
  if (last) await walk.mark([last.at, last.id]);
  return { data: { issues: pageItems.map(({ at: _at, ...i }) => i) }, meta: { page, pageSize, ...(more ? { nextPage: walk.next } : {}) } };
}
