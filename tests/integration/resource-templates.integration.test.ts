// Any resource can be a template (Komodo's templates): never run, only copied by "New from
// template" — its config, description and tags, never its secrets.
import { beforeEach, describe, expect, it } from "vitest";
import * as execute from "@/app/api/v1/[type]/[id]/execute/[operation]/route";
import { db } from "@/lib/db";
import { listResources } from "@/lib/resources/read";
import { createResource, updateResource } from "@/lib/resources/write";
import { createTag } from "@/lib/tags/service";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { grant } from "../helpers/resources";
import { call } from "../helpers/routes";

let admin: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});

describe("resource templates", () => {
  it("creates from a template: its config, description and tags, the caller's changes on top, never its secrets", async () => {
    await createTag(admin.actor, { name: "infra" });
    const template = await createResource(admin.actor, "credential", {
      name: "registry-template",
      description: "Our registry",
      tags: ["infra"],
      template: true,
      config: { kind: "registry", domain: "registry.example.com", username: "ci", token: "s3cret-token" },
    });
    expect(template.template).toBe(true);
    const copy = await createResource(admin.actor, "credential", { name: "team-registry", fromTemplate: template.id, config: { username: "team" } });
    expect(copy).toMatchObject({
      template: false,
      description: "Our registry",
      config: { kind: "registry", domain: "registry.example.com", username: "team" },
    });
    expect(copy.tags).toEqual(template.tags);
    expect(copy.tags).toHaveLength(1);
    expect(copy.config.token).toBeUndefined();
    const stored = await db.credential.findUniqueOrThrow({ where: { id: copy.id }, omit: { secrets: false } });
    expect(stored.secrets).toEqual({});
    const audit = await db.update.findFirstOrThrow({ where: { targetId: copy.id } });
    expect(audit.operation).toBe("CreateCredential");
  });

  it("refuses a template that isn't one, or that the caller can't read, naming the field, and creates nothing", async () => {
    const plain = await createResource(admin.actor, "variable", { name: "plain", config: { value: "x" } });
    const hidden = await createResource(admin.actor, "variable", { name: "hidden-template", template: true, config: { value: "y" } });
    const user = await makeUser();
    await grant({ userId: user.id }, "variable", "Write", { pattern: "team-*" });
    await grant({ userId: user.id }, "variable", "Read", { id: plain.id });
    const before = await db.variable.count();
    await expect(createResource(user.actor, "variable", { name: "team-a", fromTemplate: plain.id })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fields: { fromTemplate: ["plain is not a template"] },
    });
    // Not readable looks like missing.
    await expect(createResource(user.actor, "variable", { name: "team-b", fromTemplate: hidden.id })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fields: { fromTemplate: [`No variable template with id ${hidden.id}`] },
    });
    await expect(createResource(user.actor, "variable", { name: "team-c", fromTemplate: "nope" })).rejects.toMatchObject({
      fields: { fromTemplate: ["No variable template with id nope"] },
    });
    expect(await db.variable.count()).toBe(before);
  });

  it("never runs a template, and lists templates apart when asked", async () => {
    const server = await createResource(admin.actor, "server", { name: "srv" });
    const template = await createResource(admin.actor, "deployment", {
      name: "web-template",
      template: true,
      config: { serverId: server.id, image: "local/busybox:1" },
    });
    const before = await db.update.count();
    const res = await call(execute, "POST", `/api/v1/deployments/${template.id}/execute/deploy`, {
      key: admin.key,
      params: { type: "deployments", id: template.id, operation: "deploy" },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe("web-template is a template: create a deployment from it to run Deploy");
    expect(await db.update.count()).toBe(before);

    const real = await createResource(admin.actor, "deployment", { name: "web", fromTemplate: template.id });
    expect(real.config).toMatchObject({ serverId: server.id, image: "local/busybox:1" });
    expect((await listResources(admin.actor, "deployment", { template: true })).map((r) => r.name)).toEqual(["web-template"]);
    expect((await listResources(admin.actor, "deployment", { template: false })).map((r) => r.name)).toEqual(["web"]);
    // Unmarking makes it an ordinary resource, and the change is audited.
    await updateResource(admin.actor, "deployment", template.id, { template: false });
    const change = await db.update.findFirstOrThrow({ where: { targetId: template.id, operation: "UpdateDeployment" } });
    expect(change.previousConfig).toMatchObject({ _template: true });
    expect(change.newConfig).toMatchObject({ _template: false });
  });
});
