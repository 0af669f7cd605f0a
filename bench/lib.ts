// Shared by the benchmarks: a real core (socket router) with a real agent, on the database
// prepared by scripts/with-db.ts. Statistics helpers are in stats.ts.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { subscribe } from "@/lib/realtime/bus";
import { createResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { startAgent, startCore, stopAgent, until } from "@/tests/helpers/core-agent";
import { makeUser, resetDb } from "@/tests/helpers/db";

export async function setup() {
  await ensureDocker();
  await resetDb();
  const admin = await makeUser({ admin: true });
  const core = await startCore();
  const serverId = (await createResource(admin.actor, "server", { name: "bench-host" })).id;
  const agent = startAgent(core.url, mkdtempSync(path.join(os.tmpdir(), "wh-bench-")), (await createEnrollmentToken(admin.actor, serverId)).token);
  await until(
    async () => ((await db.server.findUniqueOrThrow({ where: { id: serverId } })).info as { status?: string }).status === "ok",
    "the agent to connect",
  );
  return {
    admin,
    core,
    serverId,
    teardown: async () => {
      await stopAgent(agent);
      await core.close();
      await db.$disconnect();
    },
  };
}

/** Resolves when the Update ends, from the live event bus (polling would add its interval to every figure). */
export function updateDone(updateId: string): Promise<{ success: boolean; error: string | null }> {
  return new Promise((resolve) => {
    const stop = subscribe((event) => {
      if (event.type === "update.done" && event.updateId === updateId) {
        stop();
        resolve({ success: event.success, error: event.error });
      }
    });
  });
}
