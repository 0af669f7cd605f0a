// What one user can see or change of others: admin-only routes, other users' API keys and
// accounts, the Update log, search and tags.
import { beforeEach, describe, expect, it } from "vitest";
import * as apiKeyItem from "@/app/api/v1/api-keys/[id]/route";
import * as apiKeys from "@/app/api/v1/api-keys/route";
import * as permissionItem from "@/app/api/v1/permissions/[id]/route";
import * as permissions from "@/app/api/v1/permissions/route";
import * as search from "@/app/api/v1/search/route";
import * as tagItem from "@/app/api/v1/tags/[id]/route";
import * as tags from "@/app/api/v1/tags/route";
import * as updateItem from "@/app/api/v1/updates/[id]/route";
import * as updates from "@/app/api/v1/updates/route";
import * as groupItem from "@/app/api/v1/user-groups/[id]/route";
import * as groups from "@/app/api/v1/user-groups/route";
import * as userItem from "@/app/api/v1/users/[id]/route";
import * as users from "@/app/api/v1/users/route";
import { db } from "@/lib/db";
import { randomToken, sha256 } from "@/lib/secrets/crypto";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { api, createAs, grant } from "../helpers/resources";
import { call } from "../helpers/routes";

let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  alice = await makeUser();
  bob = await makeUser();
});

describe("admin-only routes look missing to non-admins", () => {
  it("users, user groups and permissions: every verb is 404 and changes nothing", async () => {
    const group = await db.userGroup.create({ data: { name: "ops" } });
    const server = await createAs(admin.key, "server", "s1");
    const theGrant = await grant({ userId: bob.id }, "server", "Read", { id: server.id });
    const before = { users: await db.user.count(), groups: await db.userGroup.count(), grants: await db.permission.count(), updates: await db.update.count() };
    const k = alice.key;
    const results = {
      "GET users": await call(users, "GET", "/api/v1/users", { key: k }),
      "POST users": await call(users, "POST", "/api/v1/users", { key: k, body: { username: "sneaky", password: "password123", admin: true, enabled: true } }),
      "GET other user": await call(userItem, "GET", `/api/v1/users/${bob.id}`, { key: k, params: { id: bob.id } }),
      "PATCH own user": await call(userItem, "PATCH", `/api/v1/users/${alice.id}`, { key: k, params: { id: alice.id }, body: { admin: true } }),
      "PATCH other user": await call(userItem, "PATCH", `/api/v1/users/${bob.id}`, { key: k, params: { id: bob.id }, body: { enabled: false } }),
      "DELETE other user": await call(userItem, "DELETE", `/api/v1/users/${bob.id}`, { key: k, params: { id: bob.id } }),
      "GET groups": await call(groups, "GET", "/api/v1/user-groups", { key: k }),
      "POST groups": await call(groups, "POST", "/api/v1/user-groups", { key: k, body: { name: "mine", memberIds: [alice.id] } }),
      "GET group": await call(groupItem, "GET", `/api/v1/user-groups/${group.id}`, { key: k, params: { id: group.id } }),
      "PATCH group": await call(groupItem, "PATCH", `/api/v1/user-groups/${group.id}`, { key: k, params: { id: group.id }, body: { memberIds: [alice.id] } }),
      "DELETE group": await call(groupItem, "DELETE", `/api/v1/user-groups/${group.id}`, { key: k, params: { id: group.id } }),
      "GET permissions": await call(permissions, "GET", "/api/v1/permissions", { key: k }),
      "POST permissions": await call(permissions, "POST", "/api/v1/permissions", {
        key: k,
        body: { userId: alice.id, resourceType: "server", targetKind: "all", level: "Write" },
      }),
      "DELETE permission": await call(permissionItem, "DELETE", `/api/v1/permissions/${theGrant.id}`, { key: k, params: { id: theGrant.id } }),
    };
    expect(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.status]))).toEqual(Object.fromEntries(Object.keys(results).map((k) => [k, 404])));
    const after = { users: await db.user.count(), groups: await db.userGroup.count(), grants: await db.permission.count(), updates: await db.update.count() };
    expect(after).toEqual(before);
    expect(await db.user.findUniqueOrThrow({ where: { id: alice.id } })).toMatchObject({ admin: false });
    expect(await db.user.findUniqueOrThrow({ where: { id: bob.id } })).toMatchObject({ enabled: true });
  });

  it("a user may read their own account", async () => {
    const own = await call(userItem, "GET", `/api/v1/users/${alice.id}`, { key: alice.key, params: { id: alice.id } });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ id: alice.id, username: alice.username, admin: false });
    expect(own.json).not.toHaveProperty("passwordHash");
  });
});

describe("API keys belong to their user", () => {
  it("a user lists only their own keys and can't delete another's", async () => {
    const spare = randomToken("whk", 32);
    const aliceSpare = await db.apiKey.create({ data: { name: "spare", userId: alice.id, keyHash: sha256(spare), prefix: spare.slice(0, 10) } });
    const bobKey = await db.apiKey.findFirstOrThrow({ where: { userId: bob.id } });

    const listed = await call(apiKeys, "GET", "/api/v1/api-keys", { key: alice.key });
    expect(listed.status).toBe(200);
    expect(listed.json.map((k: { userId: string }) => k.userId)).toEqual([alice.id, alice.id]);
    expect(JSON.stringify(listed.json)).not.toContain("keyHash");

    const stolen = await call(apiKeyItem, "DELETE", `/api/v1/api-keys/${bobKey.id}`, { key: alice.key, params: { id: bobKey.id } });
    expect(stolen.status).toBe(404);
    const missing = await call(apiKeyItem, "DELETE", "/api/v1/api-keys/nope", { key: alice.key, params: { id: "nope" } });
    expect(missing.status).toBe(404);
    expect(stolen.json).toEqual(missing.json);
    expect((await api.list(bob.key, "servers")).status).toBe(200);

    const own = await call(apiKeyItem, "DELETE", `/api/v1/api-keys/${aliceSpare.id}`, { key: alice.key, params: { id: aliceSpare.id } });
    expect(own.status).toBe(204);
    expect(await db.apiKey.findUnique({ where: { id: aliceSpare.id } })).toBeNull();
    expect((await api.list(spare, "servers")).status).toBe(401);
  });
});

describe("the Update log", () => {
  it("lists only Updates of resources the user can read", async () => {
    const visible = await createAs(admin.key, "deployment", "visible");
    const hidden = await createAs(admin.key, "deployment", "hidden");
    await api.patch(admin.key, "deployments", visible.id, { description: "v2" });
    await api.patch(admin.key, "deployments", hidden.id, { description: "v2" });
    await createAs(admin.key, "server", "srv");
    await call(users, "POST", "/api/v1/users", { key: admin.key, body: { username: "carol", password: "password123" } });
    await grant({ userId: alice.id }, "deployment", "Read", { id: visible.id });

    const list = await call(updates, "GET", "/api/v1/updates", { key: alice.key });
    expect(list.status).toBe(200);
    const seen = list.json.items.map((u: { operation: string; targetName: string }) => `${u.operation} ${u.targetName}`);
    expect(seen.sort()).toEqual(["CreateDeployment visible", "UpdateDeployment visible"]);

    // Asking by target id doesn't get around it.
    const byTarget = await call(updates, "GET", "/api/v1/updates", { key: alice.key, query: { targetId: hidden.id } });
    expect(byTarget.json.items).toEqual([]);

    const all = await call(updates, "GET", "/api/v1/updates", { key: admin.key, query: { limit: "200" } });
    const hiddenUpdate = all.json.items.find((u: { targetId: string }) => u.targetId === hidden.id);
    const visibleUpdate = all.json.items.find((u: { targetId: string }) => u.targetId === visible.id);
    expect((await call(updateItem, "GET", `/api/v1/updates/${hiddenUpdate.id}`, { key: alice.key, params: { id: hiddenUpdate.id } })).status).toBe(404);
    const detail = await call(updateItem, "GET", `/api/v1/updates/${visibleUpdate.id}`, { key: alice.key, params: { id: visibleUpdate.id } });
    expect(detail.status).toBe(200);
    expect(detail.json.logs.length).toBeGreaterThan(0);
  });
});

describe("search", () => {
  it("finds only what the user can read", async () => {
    await createAs(admin.key, "server", "core-eu");
    await createAs(admin.key, "stack", "core-app");
    await createAs(admin.key, "deployment", "core-db");
    await grant({ userId: alice.id }, "stack", "Read", "all");
    const res = await call(search, "GET", "/api/v1/search", { key: alice.key, query: { q: "core" } });
    expect(res.status).toBe(200);
    expect(res.json.map((h: { type: string; name: string }) => `${h.type}:${h.name}`)).toEqual(["stack:core-app"]);
  });
});

describe("tags", () => {
  it("everyone reads them; only their creator or an admin changes them", async () => {
    const created = await call(tags, "POST", "/api/v1/tags", { key: alice.key, body: { name: "team-a", color: "teal" } });
    expect(created.status).toBe(201);
    const id = created.json.id;
    expect((await call(tags, "GET", "/api/v1/tags", { key: bob.key })).json.map((t: { name: string }) => t.name)).toEqual(["team-a"]);
    const byBob = await call(tagItem, "PATCH", `/api/v1/tags/${id}`, { key: bob.key, params: { id }, body: { color: "red" } });
    expect(byBob.status).toBe(403);
    expect((await call(tagItem, "DELETE", `/api/v1/tags/${id}`, { key: bob.key, params: { id } })).status).toBe(403);
    expect((await db.tag.findUniqueOrThrow({ where: { id } })).color).toBe("teal");
    expect((await call(tagItem, "PATCH", `/api/v1/tags/${id}`, { key: alice.key, params: { id }, body: { color: "red" } })).status).toBe(200);
    expect((await call(tagItem, "DELETE", `/api/v1/tags/${id}`, { key: admin.key, params: { id } })).status).toBe(204);
  });
});
