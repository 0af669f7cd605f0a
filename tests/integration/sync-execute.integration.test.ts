// ResourceSync end to end on a real agent and Docker engine: a TOML of a build, a stack, two
// deployments `after` the stack and a procedure is planned (each diff shown), executed (config
// in one transaction, then deploys in rounds by `after`), and re-planned empty. A stale plan,
// bad TOML, a cycle, a refused item and a failure mid-apply each change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createResource, updateResource } from "@/lib/resources/write";
import { executeSync, refreshSync } from "@/lib/sync/service";
import { Created } from "@/agent/docker/test-support";
import { docker } from "@/agent/docker/client";
import { ensureDocker } from "@/scripts/lib/docker";
import { connectAgent, finishedUpdate, logText, type ConnectedAgent } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { grant } from "../helpers/resources";
import { refusalOf } from "../helpers/refusal";

const created = new Created();
let admin: TestUser;
let host: ConnectedAgent;
const PROJECT = `wh-sync-${Date.now().toString(36)}`;

const compose = `services:\n  db:\n    image: local/busybox:1\n    command: ["sh", "-c", "exec sleep 3600"]\n    stop_grace_period: 1s\n`;
const toml = (image = "local/busybox:1") => `
[[build]]
name = "wh-sync-app"
[build.config]
builder_id = ""
dockerfile = "FROM local/busybox:1"

[[stack]]
name = "${PROJECT}"
deploy = true
[stack.config]
server_id = "sync-host"
files = [{ name = "compose.yaml", contents = '''${compose}''' }]

[[deployment]]
name = "wh-sync-web"
deploy = true
after = ["${PROJECT}"]
tags = ["synced"]
[deployment.config]
server_id = "sync-host"
image = "${image}"
command = "sleep 3600"
restart = "no"
termination_timeout_seconds = 1

[[deployment]]
name = "wh-sync-api"
deploy = true
after = ["${PROJECT}"]
[deployment.config]
server_id = "sync-host"
image = "${image}"
command = "sleep 3600"
restart = "no"
termination_timeout_seconds = 1

[[procedure]]
name = "wh-sync-release"
[[procedure.config.stage]]
name = "ship"
executions = [{ execution.type = "BatchDeploy", execution.params.pattern = "wh-sync-*" }]
`;

async function newSync(name: string, contents: string, config: Record<string, unknown> = {}) {
  return createResource(admin.actor, "sync", { name, config: { source: "ui", contents, ...config } });
}

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  host = await connectAgent(admin.actor, "server", "sync-host");
  for (const name of ["wh-sync-web", "wh-sync-api"]) created.containers.add(name);
}, 600_000);

afterAll(async () => {
  const project = await docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${PROJECT}`] } });
  for (const c of project) created.containers.add(c.Id);
  await host?.close();
  await created.cleanup();
});

describe("executing a sync", () => {
  it("plans each create, executes config then deploys in rounds by after, and re-plans empty", async () => {
    const sync = await newSync("wh-sync-main", toml());
    const plan = await refreshSync(admin.actor, sync.id);
    expect(plan.errors).toEqual([]);
    expect(plan.items.map((i) => [i.key, i.action])).toEqual([
      ["build:wh-sync-app", "create"],
      [`stack:${PROJECT}`, "create"],
      ["deployment:wh-sync-web", "create"],
      ["deployment:wh-sync-api", "create"],
      ["procedure:wh-sync-release", "create"],
    ]);
    const web = plan.items.find((i) => i.key === "deployment:wh-sync-web")!;
    expect(web.changes).toContainEqual({ path: "config.serverId", from: undefined, to: "sync-host" });
    expect(web.deploy).toEqual({ will: true, reason: "new" });
    expect(plan.items.find((i) => i.key === "build:wh-sync-app")!.deploy.will).toBe(false);
    // Pending changes are recorded and alerted.
    expect((await db.alert.findFirst({ where: { type: "ResourceSyncPendingUpdates", targetId: sync.id, resolvedAt: null } }))?.message).toMatch(
      /5 pending change/,
    );

    const run = await finishedUpdate((await executeSync(admin.actor, sync.id, { hash: plan.hash })).updateId, 180_000);
    expect(run.success, `${run.error}\n${logText(run)}`).toBe(true);
    expect(logText(run)).toMatch(new RegExp(`Round 1: stack ${PROJECT} \\(new\\)\\n`));
    expect(logText(run)).toMatch(/Round 2: deployment wh-sync-web \(new\), deployment wh-sync-api \(new\)/);
    // The deploys are child Updates; the stack's ended before either deployment's started.
    const kids = await db.update.findMany({ where: { parentId: run.id } });
    const stackDeploy = kids.find((k) => k.targetType === "stack")!;
    const deploys = kids.filter((k) => k.targetType === "deployment");
    expect(deploys).toHaveLength(2);
    for (const d of deploys) expect(d.startedAt.getTime()).toBeGreaterThanOrEqual(stackDeploy.endedAt!.getTime());
    expect((await docker().getContainer("wh-sync-web").inspect()).State.Running).toBe(true);
    // Created resources are managed by the sync, with their tags (created as needed).
    const row = await db.deployment.findUniqueOrThrow({ where: { name: "wh-sync-web" } });
    expect((row.info as { syncedBy?: string }).syncedBy).toBe(sync.id);
    expect(await db.tag.findUnique({ where: { name: "synced" } })).not.toBeNull();

    const again = await refreshSync(admin.actor, sync.id);
    expect(again.items.filter((i) => i.action !== "unchanged" || i.deploy.will)).toEqual([]);
    expect(await db.alert.findFirst({ where: { type: "ResourceSyncPendingUpdates", targetId: sync.id, resolvedAt: null } })).toBeNull();
  });

  it("refuses a stale plan, and applies a changed one to only the items selected", async () => {
    const sync = await db.resourceSync.findUniqueOrThrow({ where: { name: "wh-sync-main" } });
    const before = await refreshSync(admin.actor, sync.id);
    await updateResource(admin.actor, "sync", sync.id, {
      config: { contents: toml("local/busybox:1").replace('command = "sleep 3600"', 'command = "sleep 3601"') },
    });
    const stale = await refusalOf(executeSync(admin.actor, sync.id, { hash: before.hash }));
    expect(stale?.code).toBe("CONFLICT");
    expect(stale?.message).toMatch(/The plan changed since it was shown/);

    const plan = await refreshSync(admin.actor, sync.id);
    const web = plan.items.find((i) => i.key === "deployment:wh-sync-web")!;
    expect(web.changes).toEqual([{ path: "config.command", from: "sleep 3600", to: "sleep 3601" }]);
    expect(web.deploy).toEqual({ will: true, reason: "config changed: command" });
    const run = await finishedUpdate((await executeSync(admin.actor, sync.id, { hash: plan.hash, items: ["deployment:wh-sync-web"] })).updateId, 120_000);
    expect(run.success, run.error ?? "").toBe(true);
    expect(((await db.deployment.findUniqueOrThrow({ where: { name: "wh-sync-web" } })).config as { command: string }).command).toBe("sleep 3601");
    expect(((await db.deployment.findUniqueOrThrow({ where: { name: "wh-sync-api" } })).config as { command: string }).command).toBe("sleep 3600");
  });

  it("bad TOML, a cycle, a refused item and a failure mid-apply each leave everything as it was", async () => {
    const count = async () => ({
      deployments: await db.deployment.count(),
      stacks: await db.stack.count(),
      updates: await db.update.count({ where: { operation: { startsWith: "Create" }, targetType: { not: "sync" } } }),
    });
    const start = await count();

    const bad = await newSync(
      "wh-sync-bad",
      `[[deployment]]\nname = "wh-sync-x"\nserver = "sync-host"\n[[deployment]]\nname = "wh-sync-y"\n[deployment.config]\nserver_id = "nowhere"\n`,
    );
    const badPlan = await refreshSync(admin.actor, bad.id);
    expect(badPlan.items).toEqual([]);
    expect(badPlan.errors.map((e) => [e.line, e.message])).toEqual([
      [3, expect.stringMatching(/^Unknown key server in \[\[deployment\]\]/)],
      [7, "deployment wh-sync-y: config.serverId: there is no server named nowhere"],
    ]);
    expect((await refusalOf(executeSync(admin.actor, bad.id, { hash: badPlan.hash })))?.message).toMatch(
      /The TOML has 2 error\(s\); the first: wh-sync-bad\.toml:3:1: Unknown key server/,
    );

    const cyclic = await newSync(
      "wh-sync-cycle",
      `[[stack]]\nname = "wh-a"\ndeploy = true\nafter = ["wh-b"]\n[[stack]]\nname = "wh-b"\ndeploy = true\nafter = ["wh-a"]\n`,
    );
    expect((await refreshSync(admin.actor, cyclic.id)).errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/after makes a cycle/));

    // A user who may create deployments but not write the existing one: refused whole, before anything.
    const user = await makeUser();
    const mixed = await newSync(
      "wh-sync-mixed",
      `[[deployment]]\nname = "wh-sync-new"\n[[deployment]]\nname = "wh-sync-api"\n[deployment.config]\ncommand = "sleep 5"\n`,
    );
    await grant({ userId: user.id }, "sync", "Execute", { id: mixed.id });
    await grant({ userId: user.id }, "deployment", "Write", { pattern: "wh-sync-new" });
    await grant({ userId: user.id }, "deployment", "Read", { pattern: "wh-sync-api" });
    // Someone who can read the sync but not wh-sync-api learns nothing of its config from the plan.
    const outsider = await makeUser();
    await grant({ userId: outsider.id }, "sync", "Read", { id: mixed.id });
    const outsiderPlan = await refreshSync(outsider.actor, mixed.id);
    expect(outsiderPlan.items.find((i) => i.key === "deployment:wh-sync-api")).toMatchObject({ action: "create" });
    expect(JSON.stringify(outsiderPlan)).not.toContain("sleep 3600");
    const userPlan = await refreshSync(user.actor, mixed.id);
    const refused = await refusalOf(executeSync(user.actor, mixed.id, { hash: userPlan.hash }));
    expect(refused?.code).toBe("FORBIDDEN");
    expect(refused?.message).toMatch(/may not: update deployment wh-sync-api\. Nothing was applied/);

    // The second create fails inside the transaction (placing it on a Server the user may read but
    // not execute on is refused on write, as through the API): the first is rolled back with it.
    const narrow = await makeUser();
    const failing = await newSync(
      "wh-sync-fail",
      `[[deployment]]\nname = "wh-sync-ok"\n[[deployment]]\nname = "wh-sync-placed"\n[deployment.config]\nserver_id = "sync-host"\n`,
    );
    await grant({ userId: narrow.id }, "sync", "Execute", { id: failing.id });
    await grant({ userId: narrow.id }, "deployment", "Write", { pattern: "wh-sync-*" });
    await grant({ userId: narrow.id }, "server", "Read", { id: host.id });
    const failPlan = await refreshSync(narrow.actor, failing.id);
    expect(failPlan.errors).toEqual([]);
    const failRun = await finishedUpdate((await executeSync(narrow.actor, failing.id, { hash: failPlan.hash })).updateId);
    expect(failRun.success).toBe(false);
    expect(failRun.error).toMatch(
      /^Nothing was applied: create deployment wh-sync-placed: config\.serverId: Using server sync-host here needs Execute permission on it/,
    );
    expect(await db.deployment.findUnique({ where: { name: "wh-sync-ok" } })).toBeNull();

    expect(await count()).toEqual(start);
  });
});
