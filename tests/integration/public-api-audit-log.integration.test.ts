// GET /api/v2/audit-log and /audit-log/filters: the Update trail as Komodor's AuditLog (JSON
// pages and CSV), limited to what the caller may see, with Komodor's filters and sort.
import { beforeAll, describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/v2/audit-log/route";
import * as filtersRoute from "@/app/api/v2/audit-log/filters/route";
import { db } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { createTag } from "@/lib/tags/service";
import { createKubePolicy } from "@/lib/users/kube-policies";
import { call } from "../helpers/routes";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

let admin: TestUser;
let viewer: TestUser;
let clusterId: string;
const CLUSTER = "audit-cluster";
const ids = {} as Record<"scaleAlpha" | "restartBeta" | "running" | "old" | "weird", string>;
const WEIRD = 'web, "the =one"\nsecond line';

type Log = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const get = (user: TestUser, query: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) =>
  call(auditRoute, "GET", "/api/v2/audit-log", { key: user.key, query, headers });
const logsOf = async (user: TestUser, query: Record<string, string | string[]> = {}) => {
  const res = await get(user, query);
  expect(res.status, res.text).toBe(200);
  return res.json.logs as Log[];
};

async function kubeUpdate(
  namespace: string,
  operation: string,
  opts: { success?: boolean; startedAt?: Date; status?: "Complete" | "InProgress"; targetName?: string } = {},
) {
  const at = opts.startedAt ?? new Date();
  const row = await db.update.create({
    data: {
      operation,
      targetType: "cluster",
      targetId: clusterId,
      targetName: opts.targetName ?? CLUSTER,
      namespace,
      operatorId: admin.id,
      status: opts.status ?? "Complete",
      success: opts.status === "InProgress" ? null : (opts.success ?? true),
      error: opts.success === false ? "boom" : null,
      startedAt: at,
      endedAt: opts.status === "InProgress" ? null : at,
    },
  });
  return row.id;
}

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  viewer = await makeUser();
  await db.user.update({ where: { id: admin.id }, data: { email: "admin@example.test" } });
  clusterId = (await createResource(admin.actor, "cluster", { name: CLUSTER })).id;
  await createTag(admin.actor, { name: "team:payments" });
  await createKubePolicy(admin.actor, { userId: viewer.id, clusters: CLUSTER, namespaces: "alpha", actions: ["view"] });
  ids.scaleAlpha = await kubeUpdate("alpha", "Scale web to 3");
  ids.restartBeta = await kubeUpdate("beta", "Restart api", { success: false });
  ids.running = await kubeUpdate("alpha", "Restart web", { status: "InProgress" });
  ids.old = await kubeUpdate("alpha", "Drain node n1", { startedAt: new Date(Date.now() - 10 * 3600_000) });
  ids.weird = await kubeUpdate("alpha", "Delete pod web-1", { targetName: WEIRD });
});

describe("GET /api/v2/audit-log (JSON)", () => {
  it("answers Komodor's PaginatedAuditLogs, newest first, finished Updates of the last 8 hours only", async () => {
    const res = await get(admin);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ page: 1, pageSize: 20, totalCount: res.json.logs.length });
    const logs = res.json.logs as Log[];
    const found = logs.map((l) => l.id);
    expect(found).toContain(ids.scaleAlpha);
    expect(found).not.toContain(ids.running);
    expect(found).not.toContain(ids.old);
    const times = logs.map((l) => l.eventTime);
    expect([...times].sort().reverse()).toEqual(times);
    for (const l of logs) {
      for (const field of ["accountId", "userId", "category", "operation", "action", "entityType", "status", "details", "userEmail", "userName"])
        expect(l, field).toHaveProperty(field);
      expect(new Date(l.eventTime).toISOString()).toBe(l.eventTime);
    }
    expect(logs.find((l) => l.id === ids.scaleAlpha)).toMatchObject({
      accountId: "wheelhouse",
      userId: admin.id,
      userEmail: "admin@example.test",
      userName: admin.username,
      category: "resource",
      operation: "update",
      action: "scale",
      entityType: "cluster",
      entityId: clusterId,
      entityName: CLUSTER,
      status: "success",
      details: { operation: "Scale web to 3", namespace: "alpha" },
    });
    expect(logs.find((l) => l.id === ids.restartBeta)).toMatchObject({
      operation: "execute",
      action: "restart",
      status: "failure",
      details: { error: "boom" },
    });
    const byAction = Object.fromEntries(logs.map((l) => [l.action, l]));
    expect(byAction.CreateKubePolicy).toMatchObject({ category: "rbac", operation: "create", entityType: "permission" });
    expect(byAction.CreateTag).toMatchObject({ category: "account", operation: "create" });
    expect(byAction.CreateCluster).toMatchObject({ category: "resource", operation: "create", entityName: CLUSTER });
  });

  it("filters by id, userIds, actions, categories, operations, entityTypes, entityName, status and time", async () => {
    expect((await logsOf(admin, { id: ids.scaleAlpha })).map((l) => l.id)).toEqual([ids.scaleAlpha]);
    expect((await logsOf(admin, { categories: ["rbac"] })).map((l) => l.action)).toEqual(["CreateKubePolicy"]);
    expect((await logsOf(admin, { categories: ["rbac", "account"] })).map((l) => l.action).sort()).toEqual(["CreateKubePolicy", "CreateTag"]);
    expect((await logsOf(admin, { operations: ["delete"] })).map((l) => l.id)).toEqual([ids.weird]);
    expect((await logsOf(admin, { actions: ["scale", "restart"] })).map((l) => l.id).sort()).toEqual([ids.scaleAlpha, ids.restartBeta].sort());
    expect((await logsOf(admin, { status: "failure" })).map((l) => l.id)).toEqual([ids.restartBeta]);
    expect((await logsOf(admin, { entityTypes: ["tag"] })).map((l) => l.action)).toEqual(["CreateTag"]);
    expect((await logsOf(admin, { entityName: "THE =ONE" })).map((l) => l.id)).toEqual([ids.weird]);
    expect(await logsOf(admin, { userIds: [viewer.id] })).toEqual([]);
    expect((await logsOf(admin, { userIds: [admin.id] })).length).toBeGreaterThan(3);
    const earlier = { startTime: new Date(Date.now() - 11 * 3600_000).toISOString(), endTime: new Date(Date.now() - 9 * 3600_000).toISOString() };
    expect((await logsOf(admin, earlier)).map((l) => l.id)).toEqual([ids.old]);
  });

  it("sorts by several fields and pages 1-based without overlap", async () => {
    const sorted = await logsOf(admin, { sort: "category,-eventTime" });
    const categories = sorted.map((l) => l.category);
    expect([...categories].sort()).toEqual(categories);
    const all = await logsOf(admin, { sort: "action" });
    expect(all.map((l) => l.action)).toEqual([...all.map((l) => l.action)].sort((a, b) => a.localeCompare(b)));
    const pages: string[] = [];
    for (let page = 1; page <= Math.ceil(all.length / 2); page++) {
      const res = await get(admin, { sort: "action", page: String(page), pageSize: "2" });
      expect(res.json).toMatchObject({ page, pageSize: 2, totalCount: all.length });
      pages.push(...res.json.logs.map((l: Log) => l.id));
    }
    expect(pages).toEqual(all.map((l) => l.id));
  });

  it("shows a user with a policy on namespace alpha alpha's actions and never beta's", async () => {
    const logs = await logsOf(viewer);
    expect(logs.map((l) => l.id)).toContain(ids.scaleAlpha);
    expect(logs.map((l) => l.id)).not.toContain(ids.restartBeta);
    expect(logs.some((l) => l.details.namespace === "beta")).toBe(false);
    expect(await logsOf(viewer, { id: ids.restartBeta })).toEqual([]);
    const filters = await call(filtersRoute, "GET", "/api/v2/audit-log/filters", { key: viewer.key });
    expect(filters.json.actions).not.toContain("restart");
    expect(filters.json.status).toEqual(["success"]);
  });

  it("refuses bad input with ErrorWrapper field errors", async () => {
    const cases: [Record<string, string | string[]>, string][] = [
      [{ pageSize: "101" }, "pageSize"],
      [{ page: "0" }, "page"],
      [{ categories: ["billing"] }, "categories.0"],
      [{ operations: ["read", "fly"] }, "operations.1"],
      [{ status: "ok" }, "status"],
      [{ sort: "eventTime,-colour" }, "sort"],
      [{ startTime: "yesterday" }, "startTime"],
      [{ colour: "blue" }, "colour"],
      [{ startTime: "2026-01-02T00:00:00Z", endTime: "2026-01-01T00:00:00Z" }, "startTime"],
    ];
    for (const [query, field] of cases) {
      const res = await get(admin, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.json.error).toMatchObject({ code: 400, message: expect.any(String), requestID: expect.any(String) });
      expect(
        res.json.error.fieldErrors.map((f: { field: string }) => f.field),
        JSON.stringify(query),
      ).toContain(field);
    }
    const csv = await get(admin, { pageSize: "500" }, { accept: "text/csv" });
    expect(csv.status).toBe(400);
    expect((await call(auditRoute, "GET", "/api/v2/audit-log")).status).toBe(401);
  });
});

describe("GET /api/v2/audit-log (CSV)", () => {
  /** RFC 4180 parsing, enough to check what a spreadsheet would read. */
  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = "";
    let quoted = false;
    const endCell = () => {
      row.push(cell);
      cell = "";
    };
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted && c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (quoted && c === '"') quoted = false;
      else if (quoted) cell += c;
      else if (c === '"') quoted = true;
      else if (c === ",") endCell();
      else if (c === "\r" && text[i + 1] === "\n") {
        endCell();
        rows.push(row);
        row = [];
        i++;
      } else cell += c;
    }
    return rows;
  }

  it("returns every matching log as an attachment, paging and time window ignored, cells quoted", async () => {
    const res = await get(admin, { page: "1", pageSize: "1" }, { accept: "text/csv" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toBe("attachment;filename=audit_log.csv");
    const [header = [], ...rows] = parseCsv(res.text);
    expect(header.slice(0, 3)).toEqual(["id", "eventTime", "createdAt"]);
    const col = (name: string) => header.indexOf(name);
    const ids_ = rows.map((r) => r[col("id")]);
    expect(ids_).toContain(ids.old);
    expect(ids_).not.toContain(ids.running);
    expect(rows.length).toBeGreaterThan(1);
    const weird = rows.find((r) => r[col("id")] === ids.weird)!;
    expect(weird[col("entityName")]).toBe(WEIRD);
    expect(JSON.parse(weird[col("details")] ?? "null")).toMatchObject({ namespace: "alpha" });
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });

  it("defuses cells a spreadsheet would run as formulas, and shows a namespace-A user nothing of namespace B", async () => {
    await kubeUpdate("alpha", "Edit Deployment web", { targetName: '=HYPERLINK("http://x")' });
    const res = await get(viewer, {}, { accept: "text/csv" });
    expect(res.status).toBe(200);
    const [header = [], ...rows] = parseCsv(res.text);
    const names = rows.map((r) => r[header.indexOf("entityName")]);
    expect(names).toContain('\'=HYPERLINK("http://x")');
    expect(rows.map((r) => r[header.indexOf("id")])).not.toContain(ids.restartBeta);
  });
});

describe("GET /api/v2/audit-log/filters", () => {
  it("lists the values each filter can take in the window", async () => {
    const res = await call(filtersRoute, "GET", "/api/v2/audit-log/filters", { key: admin.key });
    expect(res.status, res.text).toBe(200);
    expect(res.json.categories).toEqual(["account", "rbac", "resource"]);
    expect(res.json.operations).toEqual(expect.arrayContaining(["create", "update", "execute", "delete"]));
    expect(res.json.actions).toEqual(expect.arrayContaining(["scale", "restart", "CreateKubePolicy"]));
    expect(res.json.actions).not.toContain("drain"); // older than 8 hours
    expect(res.json.status).toEqual(["failure", "success"]);
    expect(res.json.userIds).toEqual([admin.id]);
    const bad = await call(filtersRoute, "GET", "/api/v2/audit-log/filters", { key: admin.key, query: { endTime: "soon" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fieldErrors[0].field).toBe("endTime");
  });
});
