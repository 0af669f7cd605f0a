// POST /api/v2/clusters/issues/search: health monitors (and volume warnings from the timeline)
// as Komodor's SingleIssue, by type and status, in Komodor's documented time window, filtered
// per namespace by Kubernetes RBAC, paged by number.
import { beforeAll, describe, expect, it } from "vitest";
import * as issuesRoute from "@/app/api/v2/clusters/issues/search/route";
import { db } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { createKubePolicy } from "@/lib/users/kube-policies";
import { call } from "../helpers/routes";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

let admin: TestUser;
let viewer: TestUser;
let clusterId: string;
const CLUSTER = "issues-cluster";
const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

const search = (user: TestUser, body: unknown) => call(issuesRoute, "POST", "/api/v2/clusters/issues/search", { key: user.key, body });
type Issue = {
  id: string;
  type: string;
  kind: string;
  namespace: string;
  name: string;
  status: string;
  startTime: number;
  endTime?: number;
  summary: string;
  details: string;
  link: string;
};
const issuesOf = (res: { json: Record<string, any> }) => res.json.data.issues as Issue[]; // eslint-disable-line @typescript-eslint/no-explicit-any

async function monitor(checkType: string, uid: string, opts: { status?: string; createdAt?: Date; resolvedAt?: Date } = {}) {
  return db.healthMonitor.create({
    data: {
      clusterId,
      checkType,
      komodorUid: uid,
      severity: "high",
      status: opts.status ?? "open",
      createdAt: opts.createdAt ?? ago(HOUR),
      lastEvaluatedAt: opts.resolvedAt ?? new Date(),
      resolvedAt: opts.resolvedAt,
      supportingData: { reason: "test" },
    },
  });
}

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  viewer = await makeUser();
  clusterId = (await createResource(admin.actor, "cluster", { name: CLUSTER })).id;
  await createKubePolicy(admin.actor, { userId: viewer.id, clusters: CLUSTER, namespaces: "alpha", actions: ["view"] });
  for (const ns of ["alpha", "beta"]) {
    await monitor("restartingContainers", `Deployment|${CLUSTER}|${ns}|web`);
    await monitor("deploymentMissingReplicas", `Deployment|${CLUSTER}|${ns}|api`, { status: "resolved", createdAt: ago(5 * HOUR), resolvedAt: ago(2 * HOUR) });
    await monitor("failedDeploy", `Deployment|${CLUSTER}|${ns}|api`, { status: "confirmed" });
    await monitor("failedJob", `Job|${CLUSTER}|${ns}|backup`);
    // Configuration risks are not issues.
    await monitor("latestTag", `Deployment|${CLUSTER}|${ns}|web`);
    // Resolved before the window: not in the last 24 h.
    await monitor("pendingPods", `Deployment|${CLUSTER}|${ns}|old`, { status: "resolved", createdAt: ago(60 * HOUR), resolvedAt: ago(50 * HOUR) });
    await db.timelineEvent.create({
      data: {
        clusterId,
        namespace: ns,
        objectKind: "Event",
        objectName: "claim",
        type: "warning",
        severity: "warning",
        summary: "ProvisioningFailed: no storage class",
        details: { reason: "ProvisioningFailed", object: "PersistentVolumeClaim/data", message: "no storage class" },
        at: ago(HOUR),
      },
    });
  }
  await monitor("unhealthyNode", `Node|${CLUSTER}||node-1`);
  // Another cluster's issues never show.
  const other = await createResource(admin.actor, "cluster", { name: "elsewhere" });
  await db.healthMonitor.create({
    data: { clusterId: other.id, checkType: "restartingContainers", komodorUid: "Deployment|elsewhere|alpha|web", severity: "high" },
  });
});

describe("clusters/issues/search", () => {
  it("answers Komodor's SingleIssue shape for open availability issues, epoch seconds throughout", async () => {
    const res = await search(admin, { scope: { cluster: CLUSTER }, props: { type: "availability", statuses: ["open"] } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.meta).toEqual({ page: 0, pageSize: 100 });
    const issues = issuesOf(res);
    expect(issues.map((i) => `${i.namespace}/${i.name}`).sort()).toEqual(["alpha/web", "beta/web"]);
    for (const i of issues) {
      expect(i).toMatchObject({
        type: "availability",
        kind: "Deployment",
        status: "open",
        summary: expect.stringContaining("restartingContainers"),
        details: expect.any(String),
      });
      expect(Number.isInteger(i.startTime)).toBe(true);
      expect(Math.abs(i.startTime - Math.floor(ago(HOUR).getTime() / 1000))).toBeLessThan(60);
      expect(i.endTime).toBeUndefined();
      expect(i.link).toMatch(new RegExp(`^https?://[^/]+/clusters/${clusterId}\\?tab=health&issueId=`));
      expect(JSON.parse(i.details).supportingData).toEqual({ reason: "test" });
    }
  });

  it("maps check types to issue types and open/confirmed to open, the rest to closed with an end time", async () => {
    const closed = issuesOf(await search(admin, { scope: { cluster: CLUSTER, namespaces: ["alpha"] }, props: { type: "availability", statuses: ["closed"] } }));
    expect(closed.map((i) => [i.name, i.status])).toEqual([["api", "closed"]]);
    expect(closed[0]!.endTime).toBeGreaterThan(closed[0]!.startTime);
    const deploys = issuesOf(
      await search(admin, { scope: { cluster: CLUSTER, namespaces: ["alpha"] }, props: { type: "failed-deploy", statuses: ["open", "closed"] } }),
    );
    expect(deploys.map((i) => [i.name, i.status])).toEqual([["api", "open"]]);
    const workflows = issuesOf(await search(admin, { scope: { cluster: CLUSTER }, props: { type: "workflow-issue", statuses: ["open"] } }));
    expect(workflows.map((i) => `${i.kind}/${i.namespace}/${i.name}`).sort()).toEqual(["Job/alpha/backup", "Job/beta/backup"]);
    const nodes = issuesOf(await search(admin, { scope: { cluster: CLUSTER }, props: { type: "node-issue", statuses: ["open"] } }));
    expect(nodes.map((i) => `${i.kind}/${i.name}`)).toEqual(["Node/node-1"]);
    const volumes = issuesOf(await search(admin, { scope: { cluster: CLUSTER }, props: { type: "pvc-issue", statuses: ["closed"] } }));
    expect(volumes.map((i) => `${i.kind}/${i.namespace}/${i.name}`).sort()).toEqual(["PersistentVolumeClaim/alpha/data", "PersistentVolumeClaim/beta/data"]);
    expect(volumes[0]).toMatchObject({ status: "closed", summary: "ProvisioningFailed: no storage class", link: expect.stringContaining("tab=timeline") });
    expect(issuesOf(await search(admin, { scope: { cluster: CLUSTER }, props: { type: "pvc-issue", statuses: ["open"] } }))).toEqual([]);
  });

  it("honours the time window: issues resolved before it are left out, older windows find them", async () => {
    const now = Math.floor(Date.now() / 1000);
    const recent = issuesOf(await search(admin, { scope: { cluster: CLUSTER, namespaces: ["alpha"] }, props: { type: "availability", statuses: ["closed"] } }));
    expect(recent.map((i) => i.name)).not.toContain("old");
    const then = issuesOf(
      await search(admin, {
        scope: { cluster: CLUSTER, namespaces: ["alpha"] },
        props: { type: "availability", statuses: ["closed"], fromEpoch: now - 62 * 3600, toEpoch: now - 48 * 3600 },
      }),
    );
    expect(then.map((i) => i.name)).toEqual(["old"]);
  });

  it("shows a user with a policy on namespace alpha only alpha's issues (and no node issues)", async () => {
    for (const type of ["availability", "failed-deploy", "workflow-issue", "pvc-issue", "node-issue"]) {
      const res = await search(viewer, { scope: { cluster: CLUSTER, namespaces: ["alpha", "beta"] }, props: { type, statuses: ["open", "closed"] } });
      expect(res.status).toBe(200);
      expect(
        issuesOf(res).every((i) => i.namespace === "alpha"),
        type,
      ).toBe(true);
      if (type !== "node-issue") expect(issuesOf(res).length, type).toBeGreaterThan(0);
    }
    const unseen = await search(viewer, { scope: { cluster: "elsewhere" }, props: { type: "availability", statuses: ["open"] } });
    expect(issuesOf(unseen)).toEqual([]);
  });

  it("pages by number, each issue once", async () => {
    const all = issuesOf(await search(admin, { scope: { cluster: CLUSTER }, props: { type: "availability", statuses: ["open", "closed"] } })).map((i) => i.id);
    expect(all.length).toBe(4);
    const seen: string[] = [];
    let page: number | undefined = 0;
    while (page !== undefined) {
      const res = await search(admin, {
        scope: { cluster: CLUSTER },
        props: { type: "availability", statuses: ["open", "closed"] },
        pagination: { page, pageSize: 1 },
      });
      expect(res.status, res.text).toBe(200);
      seen.push(...issuesOf(res).map((i) => i.id));
      page = res.json.meta.nextPage;
      // An issue opened mid-walk sorts after everything already served; it may appear, nothing repeats.
      if (seen.length === 1) await monitor("OOMKilled", `Deployment|${CLUSTER}|alpha|late`, { createdAt: new Date() });
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(all.filter((id) => !seen.includes(id))).toEqual([]);
  });

  it("refuses bad input and out-of-range windows with ErrorWrapper field errors, starting no walk", async () => {
    const now = Math.floor(Date.now() / 1000);
    const walks = await db.apiPageSession.count();
    const props = { type: "availability", statuses: ["open"] };
    const cases: [unknown, string][] = [
      [{ props }, "scope"],
      [{ scope: {}, props }, "scope.cluster"],
      [{ scope: { cluster: CLUSTER } }, "props"],
      [{ scope: { cluster: CLUSTER }, props: { ...props, type: "outage" } }, "props.type"],
      [{ scope: { cluster: CLUSTER }, props: { ...props, statuses: [] } }, "props.statuses"],
      [{ scope: { cluster: CLUSTER }, props: { ...props, statuses: ["pending"] } }, "props.statuses.0"],
      [{ scope: { cluster: CLUSTER }, props: { ...props, fromEpoch: now - 3 * 86400, toEpoch: now } }, "props.toEpoch"],
      [{ scope: { cluster: CLUSTER }, props: { ...props, fromEpoch: now - 8 * 86400, toEpoch: now - 7 * 86400 } }, "props.fromEpoch"],
      [{ scope: { cluster: CLUSTER }, props: { ...props, fromEpoch: now, toEpoch: now - 60 } }, "props.fromEpoch"],
      [{ scope: { cluster: CLUSTER }, props: { ...props, fromEpoch: "yesterday" } }, "props.fromEpoch"],
      [{ scope: { cluster: CLUSTER }, props, pagination: { page: 5 } }, "pagination.page"],
    ];
    for (const [body, field] of cases) {
      const res = await search(admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error).toMatchObject({ code: 400, message: expect.any(String), requestID: expect.any(String) });
      expect(
        res.json.error.fieldErrors.map((f: { field: string }) => f.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect(await db.apiPageSession.count()).toBe(walks);
  });
});
