// server.ts and Next's route bundles each load their own copy of lib/: an agent's lines reach an
// Update through one copy, and the Update is often ended through the other. The live lines must
// be one set per process, or a browser subscribing after the end is told the Update still runs
// and waits for an end that was already sent (an e2e run under load hit exactly this).
import { beforeEach, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "../helpers/db";

beforeEach(() => resetDb());

it("an Update ended through one copy of the module has no live lines in another", async () => {
  const update = await db.update.create({ data: { operation: "Test", targetType: "server", status: "InProgress" } });
  const agentSide = await import("@/lib/updates/progress");
  vi.resetModules();
  const routeSide = await import("@/lib/updates/progress");
  expect(routeSide).not.toBe(agentSide);

  agentSide.appendLog(update.id, "run", "stdout", "a line from the agent");
  expect(routeSide.liveLines(update.id)).toEqual([{ stage: "run", stream: "stdout", line: "a line from the agent" }]);
  await routeSide.finishExecution(update.id, true);
  expect(agentSide.liveLines(update.id)).toBeNull();
  // And the line the agent's copy had not written yet was written by the end, not after it.
  const logs = await db.updateLog.findMany({ where: { updateId: update.id } });
  expect(logs.map((l) => l.stdout)).toEqual(["a line from the agent\n"]);
});
