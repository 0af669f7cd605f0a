// Bad input on users, user groups, permission grants, tags and API keys: a 400 naming the
// field, and nothing written.
import { beforeEach, describe, expect, it } from "vitest";
import * as apiKeys from "@/app/api/v1/api-keys/route";
import * as permissions from "@/app/api/v1/permissions/route";
import * as tagItem from "@/app/api/v1/tags/[id]/route";
import * as tags from "@/app/api/v1/tags/route";
import * as groupItem from "@/app/api/v1/user-groups/[id]/route";
import * as groups from "@/app/api/v1/user-groups/route";
import * as userItem from "@/app/api/v1/users/[id]/route";
import * as users from "@/app/api/v1/users/route";
import { db } from "@/lib/db";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { createAs } from "../helpers/resources";
import { call, type CallOptions } from "../helpers/routes";
import { sessionHeaders } from "../helpers/session";

type Mod = Parameters<typeof call>[0];
interface Case {
  what: string;
  body?: unknown;
  rawBody?: string;
  fields: string[];
}

/** Every table the account routes write to, so a refused call can be shown to write nothing. */
const snapshot = async () => ({
  users: await db.user.findMany({ orderBy: { id: "asc" } }),
  groups: await db.userGroup.findMany({ orderBy: { id: "asc" }, include: { members: { select: { id: true } } } }),
  grants: await db.permission.count(),
  tags: await db.tag.findMany({ orderBy: { id: "asc" } }),
  keys: await db.apiKey.count(),
  updates: await db.update.count(),
});

async function expectRefused(mod: Mod, method: "POST" | "PATCH", path: string, cases: Case[], opts: CallOptions) {
  const before = await snapshot();
  for (const c of cases) {
    const res = await call(mod, method, path, { ...opts, body: c.body, rawBody: c.rawBody });
    expect(res.status, `${c.what}: ${res.text}`).toBe(400);
    expect(Object.keys(res.json.error.fields).sort(), c.what).toEqual(c.fields);
    expect(await snapshot(), c.what).toEqual(before);
  }
}

let admin: TestUser;
let user: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  user = await makeUser();
});

describe("users", () => {
  it("creating", async () => {
    const ok = { username: "newbie", password: "password123" };
    await expectRefused(
      users,
      "POST",
      "/api/v1/users",
      [
        { what: "a one-letter username", body: { ...ok, username: "x" }, fields: ["username"] },
        { what: "a username with spaces", body: { ...ok, username: "new bie" }, fields: ["username"] },
        { what: "a taken username", body: { ...ok, username: user.username }, fields: ["username"] },
        { what: "a short password", body: { ...ok, password: "short" }, fields: ["password"] },
        { what: "a bad email", body: { ...ok, email: "nope" }, fields: ["email"] },
        { what: "admin as a string", body: { ...ok, admin: "yes" }, fields: ["admin"] },
        { what: "superAdmin (not settable)", body: { ...ok, superAdmin: true }, fields: ["superAdmin"] },
        { what: "malformed JSON", rawBody: "{", fields: ["_"] },
      ],
      { key: admin.key },
    );
  });

  it("changing", async () => {
    const root = await makeUser({ admin: true });
    await db.user.update({ where: { id: root.id }, data: { superAdmin: true } });
    const path = `/api/v1/users/${user.id}`;
    await expectRefused(
      userItem,
      "PATCH",
      path,
      [
        { what: "enabled as a string", body: { enabled: "no" }, fields: ["enabled"] },
        { what: "a short password", body: { password: "short", enabled: false }, fields: ["password"] },
        { what: "a username (not changeable)", body: { username: "renamed" }, fields: ["username"] },
        { what: "superAdmin (not settable)", body: { superAdmin: true }, fields: ["superAdmin"] },
      ],
      { key: admin.key, params: { id: user.id } },
    );
    await expectRefused(
      userItem,
      "PATCH",
      `/api/v1/users/${root.id}`,
      [
        { what: "disabling the super-admin", body: { enabled: false }, fields: ["_"] },
        { what: "demoting the super-admin", body: { admin: false }, fields: ["_"] },
      ],
      { key: admin.key, params: { id: root.id } },
    );
    await expectRefused(userItem, "PATCH", `/api/v1/users/${admin.id}`, [{ what: "demoting yourself", body: { admin: false }, fields: ["_"] }], {
      key: admin.key,
      params: { id: admin.id },
    });
    expect((await call(userItem, "PATCH", "/api/v1/users/nope", { key: admin.key, params: { id: "nope" }, body: { enabled: true } })).status).toBe(404);
  });
});

describe("user groups", () => {
  it("creating and changing", async () => {
    const ops = await db.userGroup.create({ data: { name: "ops", members: { connect: [{ id: user.id }] } } });
    await expectRefused(
      groups,
      "POST",
      "/api/v1/user-groups",
      [
        { what: "an empty name", body: { name: "" }, fields: ["name"] },
        { what: "a name with a slash", body: { name: "a/b" }, fields: ["name"] },
        { what: "a taken name", body: { name: "ops" }, fields: ["name"] },
        { what: "an unknown member", body: { name: "devs", memberIds: [user.id, "ghost"] }, fields: ["memberIds.1"] },
        { what: "memberIds as a string", body: { name: "devs", memberIds: user.id }, fields: ["memberIds"] },
        { what: "an unknown field", body: { name: "devs", admin: true }, fields: ["admin"] },
      ],
      { key: admin.key },
    );
    await db.userGroup.create({ data: { name: "devs" } });
    await expectRefused(
      groupItem,
      "PATCH",
      `/api/v1/user-groups/${ops.id}`,
      [
        { what: "a rename onto a taken name", body: { name: "devs" }, fields: ["name"] },
        { what: "an unknown member", body: { memberIds: ["ghost"] }, fields: ["memberIds.0"] },
      ],
      { key: admin.key, params: { id: ops.id } },
    );
  });
});

describe("permission grants", () => {
  it("creating", async () => {
    const group = await db.userGroup.create({ data: { name: "ops" } });
    const base = { userId: user.id, resourceType: "server", targetKind: "all", level: "Read" };
    await expectRefused(
      permissions,
      "POST",
      "/api/v1/permissions",
      [
        { what: "an invalid regex pattern", body: { ...base, targetKind: "pattern", pattern: "\\(unclosed\\" }, fields: ["pattern"] },
        { what: "a pattern grant without a pattern", body: { ...base, targetKind: "pattern" }, fields: ["pattern"] },
        { what: "both a user and a group", body: { ...base, userGroupId: group.id }, fields: ["_"] },
        { what: "neither a user nor a group", body: { ...base, userId: undefined }, fields: ["_"] },
        { what: "an unknown resource type", body: { ...base, resourceType: "servers" }, fields: ["resourceType"] },
        { what: "an unknown target kind", body: { ...base, targetKind: "everything" }, fields: ["targetKind"] },
        { what: "a resource grant without a resource", body: { ...base, targetKind: "resource" }, fields: ["resourceId"] },
        { what: "a resource grant on a missing resource", body: { ...base, targetKind: "resource", resourceId: "ghost" }, fields: ["resourceId"] },
        { what: "an unknown level", body: { ...base, level: "Admin" }, fields: ["level"] },
        { what: "an unknown specific permission", body: { ...base, specific: ["Logs", "Root"] }, fields: ["specific.1"] },
        { what: "an expiry in the past", body: { ...base, expiresAt: "2001-01-01T00:00:00Z" }, fields: ["expiresAt"] },
        { what: "an expiry that isn't a date", body: { ...base, expiresAt: "soon" }, fields: ["expiresAt"] },
        { what: "a missing user", body: { ...base, userId: "ghost" }, fields: ["userId"] },
        { what: "a missing group", body: { ...base, userId: undefined, userGroupId: "ghost" }, fields: ["userGroupId"] },
      ],
      { key: admin.key },
    );
    // The same body with a valid pattern is accepted, so the refusals above are about the field.
    const server = await createAs(admin.key, "server", "s1");
    const good = await call(permissions, "POST", "/api/v1/permissions", { key: admin.key, body: { ...base, targetKind: "resource", resourceId: server.id } });
    expect(good.status).toBe(201);
  });
});

describe("tags", () => {
  it("creating and changing", async () => {
    const created = await call(tags, "POST", "/api/v1/tags", { key: user.key, body: { name: "prod" } });
    expect(created.status).toBe(201);
    await call(tags, "POST", "/api/v1/tags", { key: user.key, body: { name: "dev" } });
    await expectRefused(
      tags,
      "POST",
      "/api/v1/tags",
      [
        { what: "an empty name", body: { name: " " }, fields: ["name"] },
        { what: "a name with a space", body: { name: "my tag" }, fields: ["name"] },
        { what: "a taken name", body: { name: "prod" }, fields: ["name"] },
        { what: "an unknown colour", body: { name: "x", color: "mauve" }, fields: ["color"] },
        { what: "an unknown field", body: { name: "x", createdById: admin.id }, fields: ["createdById"] },
      ],
      { key: user.key },
    );
    await expectRefused(
      tagItem,
      "PATCH",
      `/api/v1/tags/${created.json.id}`,
      [
        { what: "a rename onto a taken name", body: { name: "dev" }, fields: ["name"] },
        { what: "an unknown colour", body: { color: "mauve" }, fields: ["color"] },
      ],
      { key: user.key, params: { id: created.json.id } },
    );
  });
});

describe("API keys", () => {
  it("creating", async () => {
    const headers = await sessionHeaders(user);
    const made = await call(apiKeys, "POST", "/api/v1/api-keys", { headers, body: { name: "ci" } });
    expect(made.status).toBe(201);
    await expectRefused(
      apiKeys,
      "POST",
      "/api/v1/api-keys",
      [
        { what: "an empty name", body: { name: "  " }, fields: ["name"] },
        { what: "a taken name", body: { name: "ci" }, fields: ["name"] },
        { what: "an unknown level", body: { name: "x", maxLevel: "Root" }, fields: ["maxLevel"] },
        { what: "an expiry in the past", body: { name: "x", expiresAt: "2001-01-01T00:00:00Z" }, fields: ["expiresAt"] },
        { what: "a key for another user", body: { name: "x", userId: admin.id }, fields: ["userId"] },
      ],
      { headers },
    );
  });
});
