// What an execution's progress costs the database at its end, where every statement delays the
// caller: a stage's end stores its last lines and its end in one statement, and the Update's end
// closes its open stages in the same statement. What they store is unchanged.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { subscribe } from "@/lib/realtime/bus";
import { createResource } from "@/lib/resources/write";
import { appendLog, finishExecution, stageEvent, startExecution } from "@/lib/updates/progress";
import { makeUser, resetDb, type TestUser, statementsDuring } from "../helpers/db";

let admin: TestUser;
beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});

const start = (name: string) => startExecution(admin.actor, name, { type: "server", id: "none", name });
const logsOf = (updateId: string) => db.updateLog.findMany({ where: { updateId }, orderBy: { startedAt: "asc" } });

describe("progress writes", () => {
  it("ends a stage with its last lines in one statement", async () => {
    const { id } = await start("Scale");
    await stageEvent(id, "scale", "scale deployment/web --replicas=3", "start");
    appendLog(id, "scale", "stdout", "replicas 1 → 3");
    appendLog(id, "scale", "stderr", "a warning");
    expect(await statementsDuring(() => stageEvent(id, "scale", "scale deployment/web --replicas=3", "end", true))).toBe(1);
    const [stage] = await logsOf(id);
    expect(stage).toMatchObject({ stage: "scale", stdout: "replicas 1 → 3\n", stderr: "a warning\n", success: true });
    expect(stage?.endedAt).toBeInstanceOf(Date);
    await finishExecution(id, true);
  });

  it("ends a failed stage with no lines pending, and keeps lines written before", async () => {
    const { id } = await start("Restart");
    await stageEvent(id, "restart", "rollout restart", "start");
    appendLog(id, "restart", "stdout", "first");
    // A batch written by the timer before the end.
    await new Promise((r) => setTimeout(r, 400));
    expect(await statementsDuring(() => stageEvent(id, "restart", "rollout restart", "end", false))).toBe(1);
    const [stage] = await logsOf(id);
    expect(stage).toMatchObject({ stdout: "first\n", success: false });
    expect(stage?.endedAt).toBeInstanceOf(Date);
    await finishExecution(id, false, "failed");
  });

  it("stores lines of a stage that was never announced, with its end", async () => {
    const { id } = await start("Unannounced");
    appendLog(id, "agent", "stderr", "The agent had already received this command; it was not run again.");
    await stageEvent(id, "agent", "", "end", true);
    const [stage] = await logsOf(id);
    expect(stage).toMatchObject({ stage: "agent", stderr: "The agent had already received this command; it was not run again.\n", success: true });
    await finishExecution(id, true);
  });

  it("ends the Update and its open stages in one statement, then says so", async () => {
    const { id } = await start("Drain");
    await stageEvent(id, "cordon", "cordon node", "start");
    await stageEvent(id, "cordon", "cordon node", "end", true);
    await stageEvent(id, "evict", "evict pods", "start");
    const done: boolean[] = [];
    const stop = subscribe((e) => void (e.type === "update.done" && e.updateId === id && done.push(e.success)));
    expect(await statementsDuring(() => finishExecution(id, false, "timed out"))).toBe(1);
    stop();
    expect(done).toEqual([false]);
    const update = await db.update.findUniqueOrThrow({ where: { id } });
    expect(update).toMatchObject({ status: "Complete", success: false, error: "timed out" });
    const [cordon, evict] = await logsOf(id);
    expect(cordon).toMatchObject({ stage: "cordon", success: true });
    // Left open by the work: ended with the Update, as a failure.
    expect(evict).toMatchObject({ stage: "evict", success: false });
    expect(evict?.endedAt).toBeInstanceOf(Date);
  });

  it("a second end changes nothing and says nothing", async () => {
    const { id } = await start("Twice");
    await stageEvent(id, "scale", "scale", "start");
    await finishExecution(id, true);
    const first = await db.update.findUniqueOrThrow({ where: { id }, include: { logs: true } });
    expect(first.logs[0]).toMatchObject({ success: null });
    const done: string[] = [];
    const stop = subscribe((e) => void (e.type === "update.done" && e.updateId === id && done.push(e.updateId)));
    await finishExecution(id, false, "late");
    stop();
    expect(done).toEqual([]);
    expect(await db.update.findUniqueOrThrow({ where: { id }, include: { logs: true } })).toEqual(first);
  });

  it("writes the Update in one statement when the caller has read whether its target is a template, and still refuses a template", async () => {
    const cluster = await createResource(admin.actor, "cluster", { name: "prod" });
    const target = { type: "cluster", id: cluster.id, name: "prod", namespace: "web" };
    let id = "";
    expect(await statementsDuring(async () => void ({ id } = await startExecution(admin.actor, "Scale web", { ...target, template: false })))).toBe(1);
    expect(await db.update.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "InProgress", targetId: cluster.id, namespace: "web" });
    await finishExecution(id, true);

    const before = await db.update.count();
    await expect(startExecution(admin.actor, "Scale web", { ...target, template: true })).rejects.toMatchObject({ code: "CONFLICT" });
    // Not told: it reads the row, as before.
    await db.cluster.update({ where: { id: cluster.id }, data: { template: true } });
    await expect(startExecution(admin.actor, "Scale web", target)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/prod is a template/),
    });
    expect(await db.update.count()).toBe(before);
  });

  it("writes what the work records with its outcome in the same statement as the Update's end, or neither", async () => {
    const { id } = await start("Scale web");
    const record = (details: string) =>
      Prisma.sql`INSERT INTO "TimelineEvent" (id, "clusterId", "objectKind", "objectName", type, summary, details)
        VALUES (${`ev-${id}`}, 'cluster-1', 'Deployment', 'web', 'action', 'Scale web by admin: done', ${details}::jsonb)`;
    // A record that can't be written (not JSON) leaves the Update running and records nothing.
    await expect(finishExecution(id, true, null, record("{not json"))).rejects.toThrow();
    expect(await db.update.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "InProgress", endedAt: null });
    expect(await db.timelineEvent.count({ where: { id: `ev-${id}` } })).toBe(0);

    expect(await statementsDuring(() => finishExecution(id, true, null, record(JSON.stringify({ updateId: id }))))).toBe(1);
    expect(await db.update.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "Complete", success: true });
    expect(await db.timelineEvent.findUniqueOrThrow({ where: { id: `ev-${id}` } })).toMatchObject({
      summary: "Scale web by admin: done",
      details: { updateId: id },
    });
  });
});
