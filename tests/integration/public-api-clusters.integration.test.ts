// GET /api/v2/clusters (Komodor's ClustersResponse: only clusters the caller may view a
// namespace of, Wheelhouse tags as key/value pairs) and GET /api/v2/apikey/validate.
import { beforeAll, describe, expect, it } from "vitest";
import * as clustersRoute from "@/app/api/v2/clusters/route";
import * as validateRoute from "@/app/api/v2/apikey/validate/route";
import * as openApiRoute from "@/app/api/v2/openapi.json/route";
import { db } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { createTag } from "@/lib/tags/service";
import { createKubePolicy } from "@/lib/users/kube-policies";
import { call } from "../helpers/routes";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

let admin: TestUser;
let viewer: TestUser;
const ids: Record<string, string> = {};

const list = (user: TestUser, query: Record<string, string | string[]> = {}) => call(clustersRoute, "GET", "/api/v2/clusters", { key: user.key, query });
const names = (res: { json: Record<string, any> }) => res.json.data.clusters.map((c: { name: string }) => c.name); // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  viewer = await makeUser();
  await createTag(admin.actor, { name: "env:prod" });
  await createTag(admin.actor, { name: "env:dev" });
  await createTag(admin.actor, { name: "critical" });
  ids.prod = (await createResource(admin.actor, "cluster", { name: "prod-eu", tags: ["env:prod", "critical"] })).id;
  ids.dev = (await createResource(admin.actor, "cluster", { name: "dev-eu", tags: ["env:dev"] })).id;
  ids.bare = (await createResource(admin.actor, "cluster", { name: "bare" })).id;
  await db.cluster.update({ where: { id: ids.prod }, data: { info: { apiServerUrl: "https://10.0.0.1:6443", status: "ok" } } });
  // A policy on one namespace of prod-eu only: the viewer sees that cluster and no other.
  await createKubePolicy(admin.actor, { userId: viewer.id, clusters: "prod-eu", namespaces: "alpha", actions: ["view"] });
});

describe("GET /api/v2/clusters", () => {
  it("answers Komodor's SingleCluster shape, tags as key/value pairs", async () => {
    const res = await list(admin);
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.clusters).toEqual([
      { name: "bare", tags: {}, apiServerUrl: "", clusterId: ids.bare },
      { name: "dev-eu", tags: { env: "dev" }, apiServerUrl: "", clusterId: ids.dev },
      { name: "prod-eu", tags: { env: "prod", critical: "" }, apiServerUrl: "https://10.0.0.1:6443", clusterId: ids.prod },
    ]);
  });

  it("filters by repeated clusterName and tags (key:value or a bare key)", async () => {
    expect(names(await list(admin, { clusterName: ["dev-eu", "bare"] }))).toEqual(["bare", "dev-eu"]);
    expect(names(await list(admin, { "clusterName[]": ["prod-eu"] }))).toEqual(["prod-eu"]);
    expect(names(await list(admin, { tags: ["env:dev"] }))).toEqual(["dev-eu"]);
    expect(names(await list(admin, { tags: ["env"] }))).toEqual(["dev-eu", "prod-eu"]);
    expect(names(await list(admin, { tags: ["critical", "env:dev"] }))).toEqual(["dev-eu", "prod-eu"]);
    expect(names(await list(admin, { tags: ["env:staging"] }))).toEqual([]);
  });

  it("lists for a user only the clusters with a namespace they may view", async () => {
    expect(names(await list(viewer))).toEqual(["prod-eu"]);
    expect(names(await list(viewer, { clusterName: ["dev-eu"] }))).toEqual([]);
    expect(names(await list(await makeUser()))).toEqual([]);
  });

  it("refuses unknown parameters with ErrorWrapper field errors", async () => {
    const res = await list(admin, { colour: "blue" });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 400, requestID: expect.any(String), fieldErrors: [{ field: "colour", message: expect.any(String) }] });
    const long = await list(admin, { tags: ["x".repeat(65)] });
    expect(long.status).toBe(400);
    expect(long.json.error.fieldErrors[0].field).toBe("tags.0");
  });
});

describe("GET /api/v2/apikey/validate", () => {
  it("answers { valid: true } for a valid key", async () => {
    const res = await call(validateRoute, "GET", "/api/v2/apikey/validate", { key: viewer.key });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ valid: true });
  });

  it("answers 401 ErrorWrapper for an unknown, expired or missing key", async () => {
    const unknown = await call(validateRoute, "GET", "/api/v2/apikey/validate", { key: "whk_not-a-real-key" });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error).toMatchObject({ code: 401, message: "Invalid or expired API key", requestID: expect.any(String) });

    const expiring = await makeUser();
    await db.apiKey.updateMany({ where: { userId: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call(validateRoute, "GET", "/api/v2/apikey/validate", { key: expiring.key });
    expect(expired.status).toBe(401);
    expect(expired.json.error.code).toBe(401);

    const missing = await call(validateRoute, "GET", "/api/v2/apikey/validate");
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe(401);
  });
});

describe("GET /api/v2/openapi.json", () => {
  it("serves the v2 document without a key", async () => {
    const res = await call(openApiRoute, "GET", "/api/v2/openapi.json");
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
    expect(Object.keys(res.json.paths)).toEqual(
      expect.arrayContaining(["/api/v2/clusters", "/api/v2/jobs/search", "/api/v2/audit-log", "/api/v2/apikey/validate"]),
    );
  });
});
