// POST /api/v2/jobs/search: Komodor's SearchJobsResponse over the stored Job/CronJob objects,
// filtered by Kubernetes RBAC, paged deterministically by page number, bad input refused.
import { beforeAll, describe, expect, it } from "vitest";
import * as jobsRoute from "@/app/api/v2/jobs/search/route";
import { db } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { createKubePolicy } from "@/lib/users/kube-policies";
import { call } from "../helpers/routes";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

let admin: TestUser;
let viewer: TestUser;
let clusterId: string;
const CLUSTER = "jobs-cluster";
const START = "2026-11-30T10:00:00Z";

const job = (state: "complete" | "failed" | "running") => ({
  metadata: { name: "x", uid: "u" },
  spec: {},
  status: {
    startTime: START,
    conditions:
      state === "running"
        ? []
        : [
            {
              type: state === "complete" ? "Complete" : "Failed",
              status: "True",
              reason: state === "failed" ? "BackoffLimitExceeded" : undefined,
              message: state === "failed" ? "Job has reached the specified backoff limit" : undefined,
            },
          ],
  },
});
const cronJob = (suspend: boolean) => ({ metadata: { name: "x", uid: "u" }, spec: { schedule: "*/5 * * * *", suspend }, status: { lastScheduleTime: START } });

async function addJob(kind: "Job" | "CronJob", namespace: string, name: string, object: object) {
  await db.kubeObject.create({ data: { clusterId, kind, namespace, name, uid: `${namespace}-${name}`, object } });
}

const search = (user: TestUser, body: unknown) => call(jobsRoute, "POST", "/api/v2/jobs/search", { key: user.key, body });

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  viewer = await makeUser();
  clusterId = (await createResource(admin.actor, "cluster", { name: CLUSTER })).id;
  await createKubePolicy(admin.actor, { userId: viewer.id, clusters: CLUSTER, namespaces: "alpha", actions: ["view"] });
  for (const ns of ["alpha", "beta"]) {
    await addJob("Job", ns, "done", job("complete"));
    await addJob("Job", ns, "broken", job("failed"));
    await addJob("Job", ns, "busy", job("running"));
    await addJob("CronJob", ns, "nightly", cronJob(false));
    await addJob("CronJob", ns, "paused", cronJob(true));
  }
  // Not a job: must never appear.
  await db.kubeObject.create({ data: { clusterId, kind: "Deployment", namespace: "alpha", name: "web", uid: "web", object: { metadata: { name: "web" } } } });
});

describe("jobs/search", () => {
  it("answers Komodor's SingleJob shape with epoch-second start times and Komodor's statuses", async () => {
    const res = await search(admin, { scope: { cluster: CLUSTER, namespaces: ["alpha"] } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.meta).toEqual({ page: 0, pageSize: 100 });
    const byName = Object.fromEntries(res.json.data.jobs.map((j: { name: string }) => [j.name, j]));
    expect(Object.keys(byName).sort()).toEqual(["broken", "busy", "done", "nightly", "paused"]);
    expect(byName.done).toEqual({
      cluster: CLUSTER,
      namespace: "alpha",
      name: "done",
      kind: "Job",
      uid: `Job-${CLUSTER}-alpha-done`,
      status: "completed",
      startTime: Date.parse(START) / 1000,
      link: expect.stringMatching(new RegExp(`^https?://[^/]+/clusters/${clusterId}\\?tab=jobs&.*name=done`)),
    });
    expect(byName.broken).toMatchObject({
      status: "failed",
      issueData: { reason: "BackoffLimitExceeded", errorMessage: "Job has reached the specified backoff limit", podStatus: "Failed" },
    });
    expect(byName.busy.status).toBe("running");
    expect(byName.nightly).toMatchObject({ kind: "CronJob", status: "resumed", startTime: Date.parse(START) / 1000 });
    expect(byName.paused.status).toBe("suspended");
    for (const j of res.json.data.jobs) expect(Number.isInteger(j.startTime)).toBe(true);
  });

  it("filters by type and status", async () => {
    const crons = await search(admin, { types: ["cronjob"] });
    expect(crons.json.data.jobs.map((j: { kind: string }) => j.kind)).toEqual(["CronJob", "CronJob", "CronJob", "CronJob"]);
    const failed = await search(admin, { status: "failed", types: ["job"] });
    expect(failed.json.data.jobs.map((j: { namespace: string; name: string }) => `${j.namespace}/${j.name}`)).toEqual(["alpha/broken", "beta/broken"]);
    const elsewhere = await search(admin, { scope: { cluster: "no-such-cluster" } });
    expect(elsewhere.json.data.jobs).toEqual([]);
  });

  it("shows a user with a policy on namespace alpha only alpha's jobs, whatever the filters ask", async () => {
    for (const body of [{}, { scope: { cluster: CLUSTER, namespaces: ["beta"] } }, { scope: { namespaces: ["alpha", "beta"] } }]) {
      const res = await search(viewer, body);
      expect(res.status).toBe(200);
      expect(res.json.data.jobs.every((j: { namespace: string }) => j.namespace === "alpha")).toBe(true);
    }
    expect((await search(viewer, {})).json.data.jobs).toHaveLength(5);
    const nobody = await makeUser();
    expect((await search(nobody, {})).json.data.jobs).toEqual([]);
  });

  it("narrows an admin's view to its API key's namespace scope", async () => {
    const scoped = await makeUser({ admin: true });
    await db.apiKey.updateMany({ where: { userId: scoped.id }, data: { publicApiOnly: true, clusters: CLUSTER, namespaces: "beta" } });
    const res = await search(scoped, {});
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.jobs.map((j: { namespace: string }) => j.namespace)).toEqual(["beta", "beta", "beta", "beta", "beta"]);
  });

  it("pages by number: each job exactly once while jobs come and go", async () => {
    const initial = (await db.kubeObject.findMany({ where: { kind: { in: ["Job", "CronJob"] } } })).map((r) => `${r.namespace}/${r.name}/${r.kind}`);
    const seen: string[] = [];
    const deleted = new Set<string>();
    let page: number | undefined = 0;
    let round = 0;
    while (page !== undefined) {
      const res = await search(admin, { pagination: { page, pageSize: 3 } });
      expect(res.status, res.text).toBe(200);
      expect(res.json.meta).toMatchObject({ page, pageSize: 3 });
      seen.push(...res.json.data.jobs.map((j: { namespace: string; name: string; kind: string }) => `${j.namespace}/${j.name}/${j.kind}`));
      page = res.json.meta.nextPage;
      if (page === undefined) break;
      // Churn: a new job sorts first, one sorts last, and one already listed goes away.
      round++;
      await addJob("Job", "aaa", `new-${round}`, job("running"));
      await addJob("Job", "zzz", `new-${round}`, job("running"));
      const victim = await db.kubeObject.findFirstOrThrow({ where: { kind: "Job", namespace: "beta", name: "busy" } }).catch(() => null);
      if (victim) {
        deleted.add(`beta/busy/Job`);
        await db.kubeObject.delete({ where: { id: victim.id } });
      }
    }
    expect(seen.length).toBe(new Set(seen).size);
    expect(initial.filter((j) => !deleted.has(j) && !seen.includes(j))).toEqual([]);
    await db.kubeObject.deleteMany({ where: { namespace: { in: ["aaa", "zzz"] } } });
  });

  it("refuses bad input with ErrorWrapper field errors and starts no walk", async () => {
    const walks = await db.apiPageSession.count();
    const cases: [unknown, string][] = [
      [{ types: ["deployment"] }, "types.0"],
      [{ status: "done" }, "status"],
      [{ pagination: { pageSize: 0 } }, "pagination.pageSize"],
      [{ pagination: { page: 12 } }, "pagination.page"],
      [{ scope: { cluster: CLUSTER, zone: "x" } }, "scope.zone"],
      [{ colour: "blue" }, "colour"],
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
    expect((await call(jobsRoute, "POST", "/api/v2/jobs/search", { body: {} })).status).toBe(401);
  });
});
