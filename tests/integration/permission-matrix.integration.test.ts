// Every resource type × every grant level, through the real route handlers: what a user
// may list, read, change, delete and create. Not readable must look exactly like missing.
import { beforeEach, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/[type]/route";
import * as item from "@/app/api/v1/[type]/[id]/route";
import * as execute from "@/app/api/v1/[type]/[id]/execute/[operation]/route";
import { LEVELS, atLeast, type Level } from "@/lib/authz/permissions";
import { db } from "@/lib/db";
import { resourceDelegate } from "@/lib/resources/store";
import { finishedUpdate } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { api, createAs, grant, MINIMAL_CONFIG, rowCounts, TYPES } from "../helpers/resources";
import { call } from "../helpers/routes";

const EXPECTED: Record<Level, { get: number; write: number; listed: boolean }> = {
  None: { get: 404, write: 404, listed: false },
  Read: { get: 200, write: 403, listed: true },
  Execute: { get: 200, write: 403, listed: true },
  Write: { get: 200, write: 200, listed: true },
};

let admin: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});

describe.each(TYPES)("$plural", ({ key, plural }) => {
  it.each(LEVELS)("with a %s grant on one resource", async (level) => {
    const target = await createAs(admin.key, key, `${key}-target`);
    const other = await createAs(admin.key, key, `${key}-other`);
    const user = await makeUser();
    await grant({ userId: user.id }, key, level, { id: target.id });
    const expected = EXPECTED[level];

    const list = await api.list(user.key, plural);
    expect(list.status).toBe(200);
    expect(list.json.map((r: { name: string }) => r.name)).toEqual(expected.listed ? [target.name] : []);
    if (expected.listed) expect(list.json[0].access.level).toBe(level);

    const got = await api.get(user.key, plural, target.id);
    expect(got.status).toBe(expected.get);
    if (got.status === 200) {
      expect(got.json).toMatchObject({ id: target.id, name: target.name, type: key, access: { level, specific: [] } });
    } else {
      // Indistinguishable from an id that does not exist.
      const missing = await api.get(user.key, plural, "no-such-id");
      expect(got.json).toEqual(missing.json);
    }
    expect((await api.get(user.key, plural, other.id)).status).toBe(404);

    const patched = await api.patch(user.key, plural, target.id, { description: "changed" });
    expect(patched.status).toBe(expected.write);
    const row = await resourceDelegate(db, key).findUnique({ where: { id: target.id } });
    expect(row!.description).toBe(expected.write === 200 ? "changed" : "");
    if (patched.status === 200) expect(patched.json.access.level).toBe("Write");

    // A grant on one resource never allows creating others, whatever its level.
    const before = await rowCounts(key);
    const created = await api.create(user.key, plural, { name: `${key}-new`, config: MINIMAL_CONFIG[key] });
    expect(created.status).toBe(403);
    expect(await rowCounts(key)).toEqual(before);

    const deleted = await api.remove(user.key, plural, target.id);
    expect(deleted.status).toBe(expected.write === 200 ? 204 : expected.write);
    const still = await resourceDelegate(db, key).findUnique({ where: { id: target.id } });
    expect(still === null).toBe(expected.write === 200);
    expect(await resourceDelegate(db, key).findUnique({ where: { id: other.id } })).not.toBeNull();
  });

  it("creating needs Write on all of the type or on a matching name pattern", async () => {
    const [readAll, executeAll, writeAll, writeTeam] = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser()]);
    await grant({ userId: readAll.id }, key, "Read", "all");
    await grant({ userId: executeAll.id }, key, "Execute", "all");
    await grant({ userId: writeAll.id }, key, "Write", "all");
    await grant({ userId: writeTeam.id }, key, "Write", { pattern: "team-*" });
    const body = (name: string) => ({ name, config: MINIMAL_CONFIG[key] });

    expect((await api.create(readAll.key, plural, body("by-reader"))).status).toBe(403);
    expect((await api.create(executeAll.key, plural, body("by-executor"))).status).toBe(403);
    expect((await api.create(writeTeam.key, plural, body("other-x"))).status).toBe(403);
    expect(await resourceDelegate(db, key).count()).toBe(0);

    const byWriter = await api.create(writeAll.key, plural, body("by-writer"));
    expect(byWriter.status).toBe(201);
    expect(byWriter.json.access.level).toBe("Write");
    const byTeam = await api.create(writeTeam.key, plural, body("team-x"));
    expect(byTeam.status).toBe(201);
    expect(byTeam.json.access.level).toBe("Write");
    expect((await resourceDelegate(db, key).findMany({ orderBy: { name: "asc" } })).map((r) => r.name)).toEqual(["by-writer", "team-x"]);
  });

  it("unknown ids are 404 for every verb, even for an admin", async () => {
    for (const res of [
      await api.get(admin.key, plural, "nope"),
      await api.patch(admin.key, plural, "nope", { description: "x" }),
      await api.remove(admin.key, plural, "nope"),
    ]) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("NOT_FOUND");
    }
  });

  it("the access field follows the level for each reader of the same resource", async () => {
    const target = await createAs(admin.key, key, `${key}-shared`);
    for (const level of LEVELS.filter((l) => atLeast(l, "Read"))) {
      const user = await makeUser();
      await grant({ userId: user.id }, key, level, "all");
      expect((await api.get(user.key, plural, target.id)).json.access.level).toBe(level);
    }
    expect((await api.get(admin.key, plural, target.id)).json.access).toEqual({ level: "Write", specific: ["Terminal", "Logs", "Inspect", "Attach"] });
  });
});

describe("unknown resource type segments", () => {
  it.each(["nopes", "server", "__proto__", "constructor", "users"])("/api/v1/%s/... is 404 for every verb", async (segment) => {
    const base = `/api/v1/${segment}`;
    const results = [
      await call(collection, "GET", base, { key: admin.key, params: { type: segment } }),
      await call(collection, "POST", base, { key: admin.key, params: { type: segment }, body: { name: "x" } }),
      await call(item, "GET", `${base}/x`, { key: admin.key, params: { type: segment, id: "x" } }),
      await call(item, "PATCH", `${base}/x`, { key: admin.key, params: { type: segment, id: "x" }, body: { description: "x" } }),
      await call(item, "DELETE", `${base}/x`, { key: admin.key, params: { type: segment, id: "x" } }),
    ];
    expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(await db.update.count()).toBe(0);
  });
});

// The execute route authorizes with the permission each type declares for the operation
// (lib/resources/<type>/schema.ts), before anything runs: refused users leave no Update.
describe("the execute route", () => {
  it.each(LEVELS)("deployment deploy with a %s grant", async (level) => {
    const target = await createAs(admin.key, "deployment", "exec-target");
    const user = await makeUser();
    await grant({ userId: user.id }, "deployment", level, { id: target.id });
    const before = await db.update.count();
    const res = await call(execute, "POST", `/api/v1/deployments/${target.id}/execute/deploy`, {
      key: user.key,
      params: { type: "deployments", id: target.id, operation: "deploy" },
    });
    // Execute and up are let through (the deploy starts, and fails for want of a Server).
    expect(res.status).toBe(level === "None" ? 404 : level === "Read" ? 403 : 202);
    if (level === "None" || level === "Read") expect(await db.update.count()).toBe(before);
    else expect((await finishedUpdate(res.json.updateId)).error).toMatch(/server/i);
  });

  it("answers 404 for an operation the type doesn't declare", async () => {
    const target = await createAs(admin.key, "deployment", "exec-unknown");
    const res = await call(execute, "POST", `/api/v1/deployments/${target.id}/execute/prune-images`, {
      key: admin.key,
      params: { type: "deployments", id: target.id, operation: "prune-images" },
    });
    expect(res.status).toBe(404);
    expect(res.json.error.message).toBe("Operation not found");
  });
});
