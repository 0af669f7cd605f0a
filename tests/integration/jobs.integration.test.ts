// Background jobs run once across cores (issue 11): two cores' pg-boss workers on one database
// share one schedule per job, and a job that is due runs on exactly one of them — here the hourly
// history pruning, which must delete old finished commands and cores long gone.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { JOBS, JOBS_SCHEMA, startJobs } from "@/lib/jobs";
import { until } from "../helpers/core-agent";
import { resetDb } from "../helpers/db";

let cores: Awaited<ReturnType<typeof startJobs>>[] = [];

beforeAll(async () => {
  await resetDb();
  cores = [await startJobs(), await startJobs()];
}, 120_000);

afterAll(async () => {
  for (const core of cores) await core.stop();
});

it("keeps one schedule per job however many cores start, and a due job runs once, on one of them", async () => {
  const schedules = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM ${JOBS_SCHEMA}.schedule ORDER BY name`);
  expect(schedules.map((s) => s.name)).toEqual(Object.keys(JOBS).sort());

  const longAgo = new Date(Date.now() - 30 * 86_400_000);
  const agent = await db.agent.create({ data: { name: "jobs-agent" } });
  const old = await db.agentCommand.create({
    data: { agentId: agent.id, idempotencyKey: "old", payload: {}, status: "done", finishedAt: longAgo, deadline: longAgo },
  });
  const recent = await db.agentCommand.create({
    data: { agentId: agent.id, idempotencyKey: "recent", payload: {}, status: "done", finishedAt: new Date(), deadline: new Date() },
  });
  await db.coreNode.create({ data: { id: "gone-core", hostname: "h", pid: 1, lastSeenAt: longAgo } });

  const jobId = await cores[0]!.boss.send("prune-history", {});
  await until(async () => !(await db.agentCommand.findUnique({ where: { id: old.id } })), "the old command to be pruned");
  expect(await db.agentCommand.findUnique({ where: { id: recent.id } })).not.toBeNull();
  expect(await db.coreNode.findUnique({ where: { id: "gone-core" } })).toBeNull();
  const runs = await until(async () => {
    const rows = await db.$queryRawUnsafe<{ state: string }[]>(`SELECT state FROM ${JOBS_SCHEMA}.job WHERE id = $1::uuid`, jobId);
    return rows[0]?.state === "completed" ? rows : null;
  }, "the job to be completed");
  expect(runs).toHaveLength(1);
});
