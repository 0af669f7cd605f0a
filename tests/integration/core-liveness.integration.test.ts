// A core is gone only when its heartbeat row is seen stale (issue 11): a core that started after
// another core's cached list of live cores is not mistaken for a dead one, whose agents would be
// marked lost while they sit connected to it (found by bench/fanout.ts starting two cores at once).
import { beforeEach, expect, it } from "vitest";
import { isCoreAlive, liveCores } from "@/lib/cluster/nodes";
import { db } from "@/lib/db";
import { recoverFromDeadCores } from "@/lib/executions/recovery";
import { resetDb } from "../helpers/db";

beforeEach(() => resetDb());

it("leaves the agents of a core that started after the cached list alone, and takes over those of a core gone stale", async () => {
  await liveCores(); // this process's cached list, taken before the new core exists
  await db.$executeRaw`INSERT INTO "CoreNode" (id, hostname, pid, "startedAt", "lastSeenAt") VALUES ('new-core', 'h', 1, now(), now())`;
  const agent = await db.agent.create({ data: { name: "on-new-core", coreId: "new-core", connectedAt: new Date() } });

  expect(await isCoreAlive("new-core")).toBe(true);
  await recoverFromDeadCores();
  expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).connectedAt).not.toBeNull();

  await db.$executeRaw`UPDATE "CoreNode" SET "lastSeenAt" = now() - interval '1 hour' WHERE id = 'new-core'`;
  await recoverFromDeadCores();
  const after = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
  expect(after.connectedAt).toBeNull();
  expect(after.coreId).toBeNull();
});
