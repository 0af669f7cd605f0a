// Export round-trips: a varied setup built through the API, exported as TOML, then synced from
// that export, plans nothing. Secret values never appear in an export; [[VARIABLE]] references
// stay as written; an export shows only what its reader may read.
import { beforeAll, describe, expect, it } from "vitest";
import { createResource } from "@/lib/resources/write";
import { exportToml } from "@/lib/sync/export";
import { refreshSync } from "@/lib/sync/service";
import { createTag } from "@/lib/tags/service";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { grant } from "../helpers/resources";
import { refusalOf } from "../helpers/refusal";

let admin: TestUser;

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  await createTag(admin.actor, { name: "prod" });
  const server = await createResource(admin.actor, "server", {
    name: "rt-host",
    tags: ["prod"],
    config: { address: "10.0.0.5", cpuWarning: 70, links: ["https://grafana.example/rt-host"] },
  });
  const cred = await createResource(admin.actor, "credential", {
    name: "rt-registry",
    config: { kind: "registry", domain: "registry.example", username: "ci", token: "s3cret-token-value" },
  });
  await createResource(admin.actor, "variable", { name: "rt_greeting", config: { value: "hello" } });
  await createResource(admin.actor, "variable", { name: "rt_password", config: { value: "very-secret-pw", secret: true } });
  const builder = await createResource(admin.actor, "builder", { name: "rt-builder", config: { provider: "server", serverIds: [server.id] } });
  await createResource(admin.actor, "build", {
    name: "rt-app",
    config: {
      builderId: builder.id,
      dockerfile: "FROM local/busybox:1\nRUN echo hi",
      registries: [{ domain: "registry.example", credentialId: cred.id }],
      webhookSecret: "whsec-round-trip-123456",
    },
  });
  await createResource(admin.actor, "deployment", {
    name: "rt-web",
    tags: ["prod"],
    description: "the web tier",
    config: { serverId: server.id, image: "nginx:1.27", env: "GREETING=[[rt_greeting]]\nPASSWORD=[[rt_password]]", ports: "8080:80", restart: "always" },
  });
  await createResource(admin.actor, "stack", {
    name: "rt-stack",
    config: { serverId: server.id, files: [{ name: "compose.yaml", contents: "services:\n  db:\n    image: local/busybox:1\n" }] },
  });
  await createResource(admin.actor, "procedure", {
    name: "rt-release",
    config: {
      stages: [
        { name: "build", executions: [{ operation: "RunBuild", target: "rt-app" }] },
        {
          name: "ship",
          executions: [
            { operation: "Deploy", target: "tag:prod" },
            { operation: "Sleep", params: { durationMs: 250 }, enabled: false },
          ],
        },
      ],
    },
  });
  await createResource(admin.actor, "alerter", {
    name: "rt-alerts",
    config: { endpoint: "slack", url: "https://hooks.slack.example/T/B/x", alertTypes: ["DeploymentFailed"] },
  });
});

describe("export", () => {
  it("round-trips: syncing from an export plans nothing", async () => {
    const toml = await exportToml(admin.actor, {});
    expect(toml).toContain("[[deployment]]");
    expect(toml).toContain('name = "rt-web"');
    expect(toml).toContain('server_id = "rt-host"');
    expect(toml).toContain("GREETING=[[rt_greeting]]");
    expect(toml).toContain("[[procedure.config.stage]]");
    for (const secret of ["s3cret-token-value", "very-secret-pw", "whsec-round-trip-123456"]) expect(toml).not.toContain(secret);

    const sync = await createResource(admin.actor, "sync", { name: "rt-sync", config: { source: "ui", contents: toml, includeVariables: true } });
    const plan = await refreshSync(admin.actor, sync.id);
    expect(plan.errors).toEqual([]);
    expect(plan.items.filter((i) => i.action !== "unchanged")).toEqual([]);
    expect(plan.items.length).toBe(10);
    // Resetting omitted fields changes nothing either: what was omitted is at its default.
    const reset = await createResource(admin.actor, "sync", {
      name: "rt-sync-reset",
      config: { source: "ui", contents: toml, resetOmitted: true, includeVariables: true },
    });
    expect((await refreshSync(admin.actor, reset.id)).items.filter((i) => i.action !== "unchanged" && i.type !== "sync")).toEqual([]);
  });

  it("exports a selection, only what the reader may read, and refuses a bad selection", async () => {
    const onlyDeployments = await exportToml(admin.actor, { types: "deployment" });
    expect(onlyDeployments).toContain("rt-web");
    expect(onlyDeployments).not.toContain("[[server]]");
    expect(await exportToml(admin.actor, { tag: "prod", types: "server,deployment" })).toMatch(/rt-host[\s\S]*rt-web/);

    const reader = await makeUser();
    await grant({ userId: reader.id }, "deployment", "Read", { pattern: "rt-*" });
    const theirs = await exportToml(reader.actor, {});
    expect(theirs).toContain("rt-web");
    expect(theirs).not.toContain("rt-app");
    expect(theirs).not.toContain('rt-host"\n'); // the server is neither exported nor named
    expect((await refusalOf(exportToml(admin.actor, { types: "widget" })))?.code).toBe("INVALID_INPUT");
  });
});
