// Procedures end to end through a real agent and the Docker engine: stages in order, steps of a
// stage in parallel, batch targets by tag and \regex\, each step a child Update run as the user
// who started the run; a step that user may not run fails its stage before anything starts;
// cancel stops a run; bad input changes nothing.
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as webhookRoute from "@/app/api/webhooks/[provider]/[type]/[id]/[execution]/route";
import { db } from "@/lib/db";
import { cancelUpdate } from "@/lib/executions/cancel";
import { runProcedure } from "@/lib/procedures/run";
import { isRunState } from "@/lib/procedures/state";
import { listUpdates } from "@/lib/updates/list";
import { createResource, updateResource } from "@/lib/resources/write";
import { createTag } from "@/lib/tags/service";
import { buildImage, Created } from "@/agent/docker/test-support";
import { ensureDocker } from "@/scripts/lib/docker";
import { connectAgent, finishedUpdate, until, type ConnectedAgent } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { grant } from "../helpers/resources";
import { refusalOf } from "../helpers/refusal";
import { call } from "../helpers/routes";

const created = new Created();
const image = "wh-test/procedure:1";
let admin: TestUser;
let host: ConnectedAgent;
const ids: Record<string, string> = {};

const step = (operation: string, target = "", params: Record<string, unknown> = {}) => ({ operation, target, params });
const procedure = (name: string, stages: { name: string; executions: object[]; enabled?: boolean }[]) =>
  createResource(admin.actor, "procedure", { name, config: { stages } });
const children = (parentId: string) => db.update.findMany({ where: { parentId }, orderBy: { startedAt: "asc" } });
const detailOf = async (updateId: string) => {
  const detail = (await db.update.findUniqueOrThrow({ where: { id: updateId } })).detail;
  if (!isRunState(detail)) throw new Error("no run state");
  return detail;
};

beforeAll(async () => {
  await ensureDocker();
  created.images.add(await buildImage(image, [`CMD ["sh", "-c", "exec sleep 3600"]`]));
  await resetDb();
  admin = await makeUser({ admin: true });
  host = await connectAgent(admin.actor, "server", "procedure-host");
  await createTag(admin.actor, { name: "web" });
  for (const [name, tags] of [
    ["wh-test-proc-web-a", ["web"]],
    ["wh-test-proc-web-b", ["web"]],
    ["wh-test-proc-worker-1", []],
    ["wh-test-proc-worker-2", []],
    ["wh-test-proc-other", []],
  ] as const) {
    ids[name] = (
      await createResource(admin.actor, "deployment", {
        name,
        tags: [...tags],
        config: { serverId: host.id, image, restart: "no", terminationTimeoutSeconds: 1 },
      })
    ).id;
    created.containers.add(name);
  }
}, 600_000);

afterAll(async () => {
  await host?.close();
  await created.cleanup();
});

describe("procedure runs", () => {
  it("runs deploys by tag in parallel, then a batch restart by regex, each step a child Update in stage order", async () => {
    const p = await procedure("wh-release", [
      { name: "deploy web", executions: [step("Deploy", "tag:web")] },
      { name: "workers", executions: [step("Deploy", "\\wh-test-proc-worker-\\d\\")] },
      { name: "restart workers", executions: [step("RestartDeployment", "\\wh-test-proc-worker-\\d\\"), step("Sleep", "", { durationMs: 10 })] },
      { name: "never", enabled: false, executions: [step("StopDeployment", "*")] },
    ]);
    const run = await finishedUpdate((await runProcedure(admin.actor, p.id)).updateId);
    expect(run.success, run.error ?? "").toBe(true);
    expect(run.operatorId).toBe(admin.id);

    const kids = await children(run.id);
    const names = (op: string) =>
      kids
        .filter((k) => k.operation === op)
        .map((k) => k.targetName)
        .sort();
    expect(names("Deploy")).toEqual(["wh-test-proc-web-a", "wh-test-proc-web-b", "wh-test-proc-worker-1", "wh-test-proc-worker-2"]);
    expect(names("RestartDeployment")).toEqual(["wh-test-proc-worker-1", "wh-test-proc-worker-2"]);
    expect(kids.every((k) => k.success && k.operatorId === admin.id)).toBe(true);
    // Stage order: nothing of a stage started before every child of the previous one ended.
    const stageOf = (k: (typeof kids)[number]) => (k.operation === "Deploy" ? (k.targetName!.includes("web") ? 0 : 1) : 2);
    for (const later of kids)
      for (const earlier of kids) if (stageOf(earlier) < stageOf(later)) expect(later.startedAt.getTime()).toBeGreaterThanOrEqual(earlier.endedAt!.getTime());

    const state = await detailOf(run.id);
    expect(state.stages.map((s) => s.status)).toEqual(["success", "success", "success", "skipped"]);
    expect(state.stages[0]!.steps[0]!.matched!.map((m) => m.name)).toEqual(["wh-test-proc-web-a", "wh-test-proc-web-b"]);
    expect(state.stages[0]!.steps[0]!.matched!.every((m) => kids.some((k) => k.id === m.updateId))).toBe(true);
    // The disabled stage's StopDeployment never ran.
    expect(kids.some((k) => k.operation.startsWith("Stop"))).toBe(false);
  });

  it("fails a stage before it starts when the starting user may not run one of its steps", async () => {
    const user = await makeUser();
    const p = await procedure("wh-mixed", [
      { name: "first", executions: [step("Sleep", "", { durationMs: 1 })] },
      { name: "mixed", executions: [step("RestartDeployment", "wh-test-proc-web-a"), step("RestartDeployment", "wh-test-proc-other")] },
    ]);
    await grant({ userId: user.id }, "procedure", "Execute", { id: p.id });
    await grant({ userId: user.id }, "server", "Execute", { id: host.id });
    await grant({ userId: user.id }, "deployment", "Execute", { id: ids["wh-test-proc-web-a"]! });
    await grant({ userId: user.id }, "deployment", "Read", { id: ids["wh-test-proc-other"]! });
    const readOnly = await procedure("wh-read-only", [{ name: "x", executions: [step("Sleep", "", { durationMs: 1 })] }]);
    await grant({ userId: user.id }, "procedure", "Read", { id: readOnly.id });
    const run = await finishedUpdate((await runProcedure(user.actor, p.id)).updateId);
    expect(run.success).toBe(false);
    expect(run.error).toMatch(/may not restart deployment wh-test-proc-other: it needs the execute permission/);
    // Neither restart started, not even the one the user may run.
    expect(await children(run.id)).toEqual([]);
    const state = await detailOf(run.id);
    expect(state.stages[1]!.steps.map((s) => s.status)).toEqual(["skipped", "failed"]);
    // A failed run raises ProcedureFailed on the procedure (failureAlert is on by default).
    const alert = await db.alert.findFirst({ where: { type: "ProcedureFailed", targetId: p.id, resolvedAt: null } });
    expect(alert?.message).toMatch(/Procedure wh-mixed failed: Stage mixed/);
    // The same user may not start a procedure they can only read.
    expect((await refusalOf(runProcedure(user.actor, readOnly.id)))?.code).toBe("FORBIDDEN");
  });

  it("cancel stops the running step and skips the rest", async () => {
    const p = await procedure("wh-slow", [
      { name: "wait", executions: [step("Sleep", "", { durationMs: 600_000 })] },
      { name: "after", executions: [step("Deploy", "wh-test-proc-other")] },
    ]);
    const { updateId } = await runProcedure(admin.actor, p.id);
    await until(async () => (await detailOf(updateId).catch(() => null))?.stages[0]!.status === "running", "the first stage to run");
    await cancelUpdate(admin.actor, updateId);
    const run = await finishedUpdate(updateId);
    expect(run.success).toBe(false);
    expect(run.error).toBe(`Cancelled by ${admin.username}`);
    const state = await detailOf(updateId);
    expect(state.stages.map((s) => s.status)).toEqual(["cancelled", "cancelled"]);
    expect(await children(updateId)).toEqual([]);
  });

  it("refuses bad input with a clear error and nothing half-done", async () => {
    const before = await db.procedure.count();
    const unknown = await refusalOf(procedure("wh-bad", [{ name: "x", executions: [step("Explode", "x")] }]));
    expect(unknown?.code).toBe("INVALID_INPUT");
    expect(Object.keys(unknown?.fields ?? {})).toContain("config.stages.0.executions.0.operation");
    const noTarget = await refusalOf(procedure("wh-bad", [{ name: "x", executions: [step("Deploy")] }]));
    expect(noTarget?.fields?.["config.stages.0.executions.0.target"]?.[0]).toMatch(/Name what this step runs on/);
    expect(await db.procedure.count()).toBe(before);

    // A pattern that matches nothing fails its stage before anything in it starts.
    const typo = await procedure("wh-typo", [{ name: "x", executions: [step("Deploy", "wh-test-proc-web-a"), step("Deploy", "wh-test-nothing-*")] }]);
    const run = await finishedUpdate((await runProcedure(admin.actor, typo.id)).updateId);
    expect(run.error).toMatch(/wh-test-nothing-\* matches no deployments you can see/);
    expect(await children(run.id)).toEqual([]);

    // A procedure that runs itself, through another, is refused before its step starts it again.
    const outer = await procedure("wh-outer", []);
    await procedure("wh-inner", [{ name: "x", executions: [step("RunProcedure", "wh-outer")] }]);
    await updateResource(admin.actor, "procedure", outer.id, { config: { stages: [{ name: "x", executions: [step("RunProcedure", "wh-inner")] }] } });
    const loop = await finishedUpdate((await runProcedure(admin.actor, outer.id)).updateId);
    expect(loop.success).toBe(false);
    const innerRun = (await children(loop.id))[0]!;
    expect((await finishedUpdate(innerRun.id)).error).toMatch(/wh-outer would run itself: wh-outer → wh-inner → wh-outer/);
  });

  it("a signed webhook push runs it as the user who last saved it, a bad signature runs nothing", async () => {
    const secret = `whsec-${randomUUID()}`;
    const saver = await makeUser();
    const p = await procedure("wh-hooked", [{ name: "x", executions: [step("RestartDeployment", "wh-test-proc-web-a")] }]);
    await grant({ userId: saver.id }, "procedure", "Write", { id: p.id });
    await grant({ userId: saver.id }, "deployment", "Read", { id: ids["wh-test-proc-web-a"]! });
    await updateResource(saver.actor, "procedure", p.id, { config: { webhookEnabled: true, webhookSecret: secret, branch: "main" } });
    const push = (signature: string) => {
      const body = JSON.stringify({ ref: "refs/heads/main", after: "a".repeat(40), pushed_at: Date.now() });
      const params = { provider: "github", type: "procedure", id: p.id, execution: "run" };
      const headers = {
        "x-github-event": "push",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signature || `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
      };
      return call(webhookRoute, "POST", `/api/webhooks/github/procedure/${p.id}/run`, { params, rawBody: body, headers });
    };
    const runs = () => db.update.count({ where: { targetId: p.id, operation: "RunProcedure" } });

    expect((await push("sha256=" + "0".repeat(64))).status).toBe(401);
    expect(await runs()).toBe(0);

    const res = await push("");
    expect(res.status).toBe(202);
    const run = await finishedUpdate(res.json.updateId as string);
    expect(run.operatorId).toBe(saver.id);
    expect(run.via).toBe("GitHub webhook");
    // The saver may run the procedure but not restart web-a: the webhook gets no more than they have.
    expect(run.success).toBe(false);
    expect(run.error).toMatch(new RegExp(`${saver.username} may not restart deployment wh-test-proc-web-a`));
    expect(await children(run.id)).toEqual([]);

    // Run history filters by who started a run and how it ended.
    const history = async (q: object) => (await listUpdates(admin.actor, { targetId: p.id, ...q })).items.map((u) => u.id);
    expect(await history({ trigger: "webhook" })).toEqual([run.id]);
    expect(await history({ trigger: "webhook", outcome: "failed" })).toEqual([run.id]);
    expect(await history({ trigger: "webhook", outcome: "success" })).toEqual([]);
    expect(await history({ trigger: "schedule" })).toEqual([]);
    expect((await refusalOf(listUpdates(admin.actor, { outcome: "maybe" })))?.code).toBe("INVALID_INPUT");
  });
});
