// What the Procedure page shows of its schedule: what was written, the cron it stands for, its
// timezone, the next runs and the recent ticks (run, missed or failed, with the run's Update).
import "../server-only";
import type { Actor } from "../authz/actor";
import { authorize } from "../authz/authorize";
import { db } from "../db";
import { notFound } from "../errors";
import { compile, cronOf, ScheduleError, type ScheduleConfig } from "./parse";

export const NEXT_RUNS = 5;
export const RECENT_TICKS = 20;

export async function procedureSchedule(actor: Actor, procedureId: string) {
  await authorize(actor, "read", { kind: "resource", type: "procedure", id: procedureId });
  const row = await db.procedure.findUnique({ where: { id: procedureId }, select: { config: true } });
  if (!row) throw notFound("Procedure");
  const c = row.config as Partial<ScheduleConfig> & { scheduleEnabled?: boolean };
  const config: ScheduleConfig = { scheduleFormat: c.scheduleFormat ?? "english", schedule: c.schedule ?? "", scheduleTimezone: c.scheduleTimezone ?? "UTC" };
  let cron: string | null = null;
  let nextRuns: Date[] = [];
  let error: string | null = null;
  if (config.schedule.trim()) {
    try {
      cron = cronOf(config);
      if (c.scheduleEnabled) nextRuns = compile(config).nextRuns(NEXT_RUNS, new Date());
    } catch (e) {
      // Saved before schedules were validated: say why it doesn't run rather than fail the page.
      if (!(e instanceof ScheduleError)) throw e;
      error = e.message;
    }
  }
  const ticks = await db.scheduleTick.findMany({
    where: { procedureId },
    orderBy: { at: "desc" },
    take: RECENT_TICKS,
    select: { at: true, outcome: true, updateId: true, detail: true },
  });
  return {
    enabled: c.scheduleEnabled ?? false,
    format: config.scheduleFormat,
    schedule: config.schedule,
    timezone: config.scheduleTimezone,
    cron,
    error,
    nextRuns,
    ticks: ticks.map((t) => ({ ...t, outcome: t.outcome as "run" | "missed" | "failed" })),
  };
}
