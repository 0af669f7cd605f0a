import { beforeEach, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/[type]/route";
import * as item from "@/app/api/v1/[type]/[id]/route";
import * as updates from "@/app/api/v1/updates/route";
import { call } from "../helpers/routes";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

describe("resource CRUD through /api/v1", () => {
  let admin: TestUser;
  beforeEach(async () => {
    await resetDb();
    admin = await makeUser({ admin: true });
  });

  it("creates with defaults, updates by patch, records an Update with the config diff, and deletes", async () => {
    const created = await call(collection, "POST", "/api/v1/servers", {
      key: admin.key,
      params: { type: "servers" },
      body: { name: "prod-1", config: { region: "eu" } },
    });
    expect(created.status).toBe(201);
    expect(created.json.config).toMatchObject({ region: "eu", enabled: true, cpuWarning: 75 });

    const id = created.json.id;
    const patched = await call(item, "PATCH", `/api/v1/servers/${id}`, { key: admin.key, params: { type: "servers", id }, body: { config: { region: "us" } } });
    expect(patched.status).toBe(200);
    expect(patched.json.config).toMatchObject({ region: "us", cpuWarning: 75 });

    const log = await call(updates, "GET", "/api/v1/updates", { key: admin.key, query: { targetId: id } });
    const ops = log.json.items.map((u: { operation: string }) => u.operation);
    expect(ops).toEqual(["UpdateServer", "CreateServer"]);

    const deleted = await call(item, "DELETE", `/api/v1/servers/${id}`, { key: admin.key, params: { type: "servers", id } });
    expect(deleted.status).toBe(204);
    const gone = await call(item, "GET", `/api/v1/servers/${id}`, { key: admin.key, params: { type: "servers", id } });
    expect(gone.status).toBe(404);
  });

  it("lists each resource with its summary columns, computed on the server from the masked config", async () => {
    // The list page shows these without loading the type's config schema in the browser.
    await call(collection, "POST", "/api/v1/servers", { key: admin.key, params: { type: "servers" }, body: { name: "prod-1", config: { region: "eu" } } });
    const servers = await call(collection, "GET", "/api/v1/servers", { key: admin.key, params: { type: "servers" } });
    expect(servers.json.map((r: { summary: unknown }) => r.summary)).toEqual([
      [
        ["Region", "eu"],
        ["Address", "—"],
      ],
    ]);
    await call(collection, "POST", "/api/v1/credentials", {
      key: admin.key,
      params: { type: "credentials" },
      body: { name: "gh", config: { kind: "git", domain: "github.com", username: "ci", token: "tok-secret-1" } },
    });
    const credentials = await call(collection, "GET", "/api/v1/credentials", { key: admin.key, params: { type: "credentials" } });
    expect(credentials.json[0].summary).toEqual([
      ["Kind", "git"],
      ["Domain", "github.com"],
      ["Username", "ci"],
    ]);
    expect(JSON.stringify(credentials.json)).not.toContain("tok-secret-1");
  });

  it("refuses to delete a server a deployment uses, and keeps both", async () => {
    const server = await call(collection, "POST", "/api/v1/servers", { key: admin.key, params: { type: "servers" }, body: { name: "s1" } });
    await call(collection, "POST", "/api/v1/deployments", {
      key: admin.key,
      params: { type: "deployments" },
      body: { name: "web", config: { serverId: server.json.id, image: "nginx:1" } },
    });
    const res = await call(item, "DELETE", `/api/v1/servers/${server.json.id}`, { key: admin.key, params: { type: "servers", id: server.json.id } });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain("Deployment web");
    const still = await call(item, "GET", `/api/v1/servers/${server.json.id}`, { key: admin.key, params: { type: "servers", id: server.json.id } });
    expect(still.status).toBe(200);
  });
});
