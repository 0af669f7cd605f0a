// An Update's output is bounded where it is kept: in memory for late live subscribers, and in
// the database per stage. Where it cuts, the reader is told.
import { expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  appendLog,
  finishExecution,
  liveLines,
  MAX_LIVE_LINES,
  MAX_STORED_STAGE_CHARS,
  startExecution,
  STORED_TRUNCATED,
  stageEvent,
} from "@/lib/updates/progress";
import { makeUser, resetDb } from "../helpers/db";

it("keeps the last lines live and the last 4 MB stored, saying what was cut", async () => {
  await resetDb();
  const admin = await makeUser({ admin: true });
  const { id } = await startExecution(admin.actor, "Chatty", { type: "server", id: "none", name: "chatty" });
  await stageEvent(id, "build", "make", "start");
  const line = (i: number) => `line ${String(i).padStart(6, "0")} ${"y".repeat(100)}`;
  const total = 50_000; // about 5.4 MB
  for (let i = 0; i < total; i++) {
    appendLog(id, "build", "stdout", line(i));
    // Yield now and then, so the 250 ms batches also write along the way, as in a real stream.
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
  }

  const live = liveLines(id)!;
  expect(live).toHaveLength(MAX_LIVE_LINES + 1);
  // The stage's own "── build: make" line is one of them.
  expect(live[0]?.line).toBe(
    `… ${total + 1 - MAX_LIVE_LINES} earlier lines are not shown live (the last ${MAX_LIVE_LINES} are); the stored log keeps up to 4 MB per stage`,
  );
  expect(live.at(-1)?.line).toBe(line(total - 1));

  await finishExecution(id, true);
  const stored = await db.updateLog.findFirstOrThrow({ where: { updateId: id, stage: "build" } });
  expect(stored.stdout.startsWith(STORED_TRUNCATED)).toBe(true);
  expect(stored.stdout.length).toBeLessThanOrEqual(MAX_STORED_STAGE_CHARS + STORED_TRUNCATED.length);
  expect(stored.stdout.endsWith(`${line(total - 1)}\n`)).toBe(true);
  expect(stored.stdout).toContain(`${line(total - 20_000)}\n`);
  expect(stored.stdout).not.toContain(line(0));
});
