// How grants reach a user: through groups, name patterns evaluated at check time, expiry,
// the admin bypass, API key scopes, and disabled accounts.
import { beforeEach, describe, expect, it } from "vitest";
import * as permissions from "@/app/api/v1/permissions/route";
import * as groupItem from "@/app/api/v1/user-groups/[id]/route";
import * as groups from "@/app/api/v1/user-groups/route";
import * as users from "@/app/api/v1/users/route";
import { db } from "@/lib/db";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { api, createAs, grant } from "../helpers/resources";
import { call } from "../helpers/routes";

let admin: TestUser;
let user: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  user = await makeUser();
});

const names = (res: { json: unknown }) => (res.json as { name: string }[]).map((r) => r.name);

describe("grants through a user group", () => {
  it("apply to members only while they are members", async () => {
    const web = await createAs(admin.key, "deployment", "web");
    const group = await call(groups, "POST", "/api/v1/user-groups", { key: admin.key, body: { name: "ops", memberIds: [user.id] } });
    expect(group.status).toBe(201);
    const granted = await call(permissions, "POST", "/api/v1/permissions", {
      key: admin.key,
      body: { userGroupId: group.json.id, resourceType: "deployment", targetKind: "all", level: "Read" },
    });
    expect(granted.status).toBe(201);
    const outsider = await makeUser();

    expect((await api.get(user.key, "deployments", web.id)).status).toBe(200);
    expect((await api.patch(user.key, "deployments", web.id, { description: "x" })).status).toBe(403);
    expect((await api.get(outsider.key, "deployments", web.id)).status).toBe(404);

    const removed = await call(groupItem, "PATCH", `/api/v1/user-groups/${group.json.id}`, {
      key: admin.key,
      params: { id: group.json.id },
      body: { memberIds: [] },
    });
    expect(removed.status).toBe(200);
    expect((await api.get(user.key, "deployments", web.id)).status).toBe(404);
  });

  it("combine with direct grants at the highest level", async () => {
    const web = await createAs(admin.key, "stack", "web");
    const group = await db.userGroup.create({ data: { name: "devs", members: { connect: [{ id: user.id }] } } });
    await grant({ userGroupId: group.id }, "stack", "Write", { id: web.id });
    await grant({ userId: user.id }, "stack", "Read", "all");
    expect((await api.get(user.key, "stacks", web.id)).json.access.level).toBe("Write");
    expect((await api.patch(user.key, "stacks", web.id, { description: "by group grant" })).status).toBe(200);
  });
});

describe("name pattern grants", () => {
  it("a wildcard grant made through the API covers resources created after it", async () => {
    const res = await call(permissions, "POST", "/api/v1/permissions", {
      key: admin.key,
      body: { userId: user.id, resourceType: "server", targetKind: "pattern", pattern: "prod-*", level: "Read" },
    });
    expect(res.status).toBe(201);
    const prod = await createAs(admin.key, "server", "prod-eu");
    const staging = await createAs(admin.key, "server", "staging-eu");
    const tricky = await createAs(admin.key, "server", "preprod-eu");

    expect(names(await api.list(user.key, "servers"))).toEqual(["prod-eu"]);
    expect((await api.get(user.key, "servers", prod.id)).status).toBe(200);
    expect((await api.get(user.key, "servers", staging.id)).status).toBe(404);
    expect((await api.get(user.key, "servers", tricky.id)).status).toBe(404);
  });

  it("a \\regex\\ grant covers exactly the names it matches", async () => {
    const res = await call(permissions, "POST", "/api/v1/permissions", {
      key: admin.key,
      body: { userId: user.id, resourceType: "repo", targetKind: "pattern", pattern: "\\^api-\\d+$\\", level: "Write" },
    });
    expect(res.status).toBe(201);
    for (const name of ["api-12", "api-x", "xapi-1", "api-1-old"]) await createAs(admin.key, "repo", name);
    expect(names(await api.list(user.key, "repos"))).toEqual(["api-12"]);
    // Write on a pattern lets the user create names the pattern covers, and only those.
    expect((await api.create(user.key, "repos", { name: "api-77" })).status).toBe(201);
    expect((await api.create(user.key, "repos", { name: "api-seventy" })).status).toBe(403);
  });

  it("a rename must keep the resource within the names the user may write", async () => {
    await grant({ userId: user.id }, "build", "Write", { pattern: "team-*" });
    const build = await createAs(admin.key, "build", "team-api");
    const updatesBefore = await db.update.count();

    // Out of the pattern (say into someone else's prod-*) is refused and changes nothing.
    const escaped = await api.patch(user.key, "builds", build.id, { name: "prod-api", description: "moved" });
    expect(escaped.status).toBe(403);
    expect(await db.build.findUniqueOrThrow({ where: { id: build.id } })).toMatchObject({ name: "team-api", description: "" });
    expect(await db.update.count()).toBe(updatesBefore);

    const renamed = await api.patch(user.key, "builds", build.id, { name: "team-api-2" });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: "team-api-2", access: { level: "Write" } });
  });

  it("a grant on one resource by id follows it through a rename", async () => {
    const repo = await createAs(admin.key, "repo", "docs");
    await grant({ userId: user.id }, "repo", "Write", { id: repo.id });
    const renamed = await api.patch(user.key, "repos", repo.id, { name: "handbook" });
    expect(renamed.status).toBe(200);
    expect((await api.get(user.key, "repos", repo.id)).json.name).toBe("handbook");
  });
});

describe("expiry", () => {
  it("an expired grant gives nothing; one expiring later still works", async () => {
    const a = await createAs(admin.key, "procedure", "nightly");
    const b = await createAs(admin.key, "procedure", "weekly");
    await grant({ userId: user.id }, "procedure", "Write", { id: a.id }, { expiresAt: new Date(Date.now() - 1000) });
    await grant({ userId: user.id }, "procedure", "Read", { id: b.id }, { expiresAt: new Date(Date.now() + 3_600_000) });
    expect((await api.get(user.key, "procedures", a.id)).status).toBe(404);
    expect((await api.patch(user.key, "procedures", a.id, { description: "x" })).status).toBe(404);
    expect(names(await api.list(user.key, "procedures"))).toEqual(["weekly"]);
  });

  it("an expired group grant gives nothing either", async () => {
    const a = await createAs(admin.key, "cluster", "k1");
    const group = await db.userGroup.create({ data: { name: "old-team", members: { connect: [{ id: user.id }] } } });
    await grant({ userGroupId: group.id }, "cluster", "Write", "all", { expiresAt: new Date(Date.now() - 1000) });
    expect((await api.get(user.key, "clusters", a.id)).status).toBe(404);
  });
});

describe("admins", () => {
  it("need no grants", async () => {
    const other = await makeUser({ admin: true });
    const sync = await createAs(other.key, "sync", "infra");
    expect((await api.get(admin.key, "syncs", sync.id)).json.access.level).toBe("Write");
    expect((await api.patch(admin.key, "syncs", sync.id, { description: "x" })).status).toBe(200);
    expect((await api.remove(admin.key, "syncs", sync.id)).status).toBe(204);
  });

  it("with a Read-scoped API key can read but not write, create or administer", async () => {
    const readOnly = await makeUser({ admin: true, keyMaxLevel: "Read" });
    const server = await createAs(admin.key, "server", "s1");
    const got = await api.get(readOnly.key, "servers", server.id);
    expect(got.status).toBe(200);
    expect(got.json.access).toEqual({ level: "Read", specific: [] });
    expect((await api.patch(readOnly.key, "servers", server.id, { description: "x" })).status).toBe(403);
    expect((await api.remove(readOnly.key, "servers", server.id)).status).toBe(403);
    expect((await api.create(readOnly.key, "servers", { name: "s2" })).status).toBe(403);
    expect((await call(users, "GET", "/api/v1/users", { key: readOnly.key })).status).toBe(404);
    expect(await db.server.count()).toBe(1);
    expect((await db.server.findUniqueOrThrow({ where: { id: server.id } })).description).toBe("");
  });
});

describe("API keys", () => {
  it("a scoped key caps a user's grant", async () => {
    const scoped = await makeUser({ keyMaxLevel: "Execute" });
    const dep = await createAs(admin.key, "deployment", "web");
    await grant({ userId: scoped.id }, "deployment", "Write", "all", { specific: ["Terminal"] });
    const got = await api.get(scoped.key, "deployments", dep.id);
    expect(got.json.access).toEqual({ level: "Execute", specific: [] });
    expect((await api.patch(scoped.key, "deployments", dep.id, { description: "x" })).status).toBe(403);
  });

  it("of a disabled user, an expired key, a wrong key and no key are 401", async () => {
    const disabled = await makeUser({ enabled: false });
    await grant({ userId: disabled.id }, "server", "Read", "all");
    const expired = await makeUser();
    await db.apiKey.updateMany({ where: { userId: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const key of [disabled.key, expired.key, `${user.key}x`, undefined]) {
      const res = await api.list(key, "servers");
      expect(res.status, String(key)).toBe(401);
      expect(res.json.error.code).toBe("UNAUTHENTICATED");
    }
  });
});
