// What refreshes a sync besides a person: a signed push webhook (refresh, or execute), acting as
// the user who last saved the sync and recorded as an Update credited to the webhook; and the
// poll interval, refreshing a sync once its interval has passed. A bad signature runs nothing.
import { createHmac, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as webhookRoute from "@/app/api/webhooks/[provider]/[type]/[id]/[execution]/route";
import { db } from "@/lib/db";
import type { SyncInfo } from "@/lib/resources/sync/info";
import { createResource } from "@/lib/resources/write";
import { pollSyncs } from "@/lib/sync/service";
import { finishedUpdate, logText } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { grant } from "../helpers/resources";
import { call } from "../helpers/routes";

const SECRET = `whsec-${randomUUID()}`;
let admin: TestUser;

function push(id: string, execution: string, signature?: string) {
  const body = JSON.stringify({ ref: "refs/heads/main", after: "b".repeat(40), pushed_at: Date.now() });
  const headers = {
    "x-github-event": "push",
    "x-github-delivery": randomUUID(),
    "x-hub-signature-256": signature ?? `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
  };
  return call(webhookRoute, "POST", `/api/webhooks/github/sync/${id}/${execution}`, {
    params: { provider: "github", type: "sync", id, execution },
    rawBody: body,
    headers,
  });
}

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});

describe("sync triggers", () => {
  it("a signed push refreshes the plan as the sync's last saver; execute applies it; a bad signature runs nothing", async () => {
    const saver = await makeUser();
    const sync = await createResource(admin.actor, "sync", {
      name: "wh-hooked-sync",
      config: {
        source: "ui",
        includeVariables: true,
        contents: `[[variable]]\nname = "wh_hooked"\nvalue = "1"\n`,
        webhookEnabled: true,
        webhookSecret: SECRET,
      },
    });
    await grant({ userId: saver.id }, "sync", "Write", { id: sync.id });
    await grant({ userId: saver.id }, "variable", "Write", { pattern: "wh_*" });
    await db.resourceSync.update({ where: { id: sync.id }, data: { updatedById: saver.id } });

    expect((await push(sync.id, "refresh", `sha256=${"0".repeat(64)}`)).status).toBe(401);
    expect(await db.update.count({ where: { targetId: sync.id, operation: { in: ["RefreshSync", "RunSync"] } } })).toBe(0);

    const refreshed = await push(sync.id, "refresh");
    expect(refreshed.status).toBe(202);
    const run = await finishedUpdate(refreshed.json.updateId as string);
    expect(run.success, run.error ?? "").toBe(true);
    expect([run.operatorId, run.via]).toEqual([saver.id, "GitHub webhook"]);
    expect(logText(run)).toContain("1 to create, 0 to update, 0 to delete");
    const info = (await db.resourceSync.findUniqueOrThrow({ where: { id: sync.id } })).info as SyncInfo;
    expect(info.pending?.changes).toBe(1);
    expect(await db.variable.findUnique({ where: { name: "wh_hooked" } })).toBeNull();

    const executed = await push(sync.id, "execute");
    expect(executed.status).toBe(202);
    expect((await finishedUpdate(executed.json.updateId as string)).success).toBe(true);
    expect((await db.variable.findUniqueOrThrow({ where: { name: "wh_hooked" } })).updatedById).toBe(saver.id);
  });

  it("polls a sync once its interval has passed, and leaves one that doesn't poll alone", async () => {
    const polled = await createResource(admin.actor, "sync", { name: "wh-polled", config: { source: "ui", contents: "", pollIntervalMinutes: 5 } });
    const manual = await createResource(admin.actor, "sync", { name: "wh-manual", config: { source: "ui", contents: "" } });
    const pendingAt = async (id: string) => ((await db.resourceSync.findUniqueOrThrow({ where: { id } })).info as SyncInfo).pending?.at;
    const now = new Date();
    await pollSyncs(now);
    const first = await pendingAt(polled.id);
    expect(first).toBeDefined();
    expect(await pendingAt(manual.id)).toBeUndefined();
    await pollSyncs(new Date(now.getTime() + 60_000)); // within the interval: not again
    expect(await pendingAt(polled.id)).toBe(first);
    await pollSyncs(new Date(now.getTime() + 6 * 60_000));
    expect(await pendingAt(polled.id)).not.toBe(first);
  });
});
