// A sync whose TOML lives in git, end to end: the Server's agent clones it from a real git
// server on loopback, a signed push webhook re-plans it at the new commit, and executing applies
// what that commit declares; an error in a file is reported at that file's line.
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as webhookRoute from "@/app/api/webhooks/[provider]/[type]/[id]/[execution]/route";
import { db } from "@/lib/db";
import type { SyncInfo } from "@/lib/resources/sync/info";
import { createResource } from "@/lib/resources/write";
import { executeSync, refreshSync } from "@/lib/sync/service";
import { connectAgent, finishedUpdate, type ConnectedAgent } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { startGitServers, type GitServers } from "../helpers/git-servers";
import { call } from "../helpers/routes";

const SECRET = `whsec-${randomUUID()}`;
let git: GitServers;
let admin: TestUser;
let host: ConnectedAgent;

function push(id: string, after: string) {
  const body = JSON.stringify({ ref: "refs/heads/main", after, pushed_at: Date.now() });
  const headers = {
    "x-github-event": "push",
    "x-github-delivery": randomUUID(),
    "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
  };
  return call(webhookRoute, "POST", `/api/webhooks/github/sync/${id}/refresh`, {
    params: { provider: "github", type: "sync", id, execution: "refresh" },
    rawBody: body,
    headers,
  });
}

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  git = await startGitServers();
  host = await connectAgent(admin.actor, "server", "git-sync-host");
}, 600_000);

afterAll(async () => {
  await host?.close();
  await git?.stop();
});

describe("a sync from git", () => {
  it("plans what the repo declares, re-plans on a push at the new commit, and executes it", async () => {
    const first = await git.createRepo("infra", { "vars/app.toml": '[[variable]]\nname = "git_app_mode"\nvalue = "blue"\n' });
    const sync = await createResource(admin.actor, "sync", {
      name: "git-infra",
      config: {
        source: "git",
        serverId: host.id,
        repoUrl: git.urls("infra").file,
        paths: ["vars"],
        includeVariables: true,
        webhookEnabled: true,
        webhookSecret: SECRET,
      },
    });
    const plan = await refreshSync(admin.actor, sync.id);
    expect(plan.commit).toBe(first);
    expect(plan.items.map((i) => [i.key, i.action])).toEqual([["variable:git_app_mode", "create"]]);
    expect((await finishedUpdate((await executeSync(admin.actor, sync.id, { hash: plan.hash })).updateId)).success).toBe(true);

    const second = await git.commit("infra", { "vars/app.toml": '[[variable]]\nname = "git_app_mode"\nvalue = "green"\n' }, "switch to green");
    const res = await push(sync.id, second);
    expect(res.status).toBe(202);
    expect((await finishedUpdate(res.json.updateId as string)).success).toBe(true);
    const info = (await db.resourceSync.findUniqueOrThrow({ where: { id: sync.id } })).info as SyncInfo;
    expect(info.pending).toMatchObject({ commit: second, changes: 1 });
    const next = await refreshSync(admin.actor, sync.id);
    expect(next.items[0]!.changes).toEqual([{ path: "config.value", from: "blue", to: "green" }]);

    await git.commit("infra", { "vars/broken.toml": '[[variable]]\nname = "x"\nvalue = \n' }, "break it");
    const broken = await refreshSync(admin.actor, sync.id);
    expect(broken.items).toEqual([]);
    expect(broken.errors).toEqual([expect.objectContaining({ file: "vars/broken.toml", line: 3 })]);
  });
});
