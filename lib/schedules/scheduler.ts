// Runs Procedure schedules. Every core runs this loop (started by server.ts); a tick runs once
// across all of them because its ScheduleTick row is the claim: the core whose
// `INSERT … ON CONFLICT DO NOTHING` inserts the row runs it, the others insert nothing.
//
// Each second (at the turn of the second, so a schedule every 10 s runs on time) the loop reads
// the enabled schedules — a cheap query, so a saved change is picked up within a second — and,
// for each, whether a tick fell due after its baseline: the later of its last recorded tick and
// the last save of the Procedure (editing a schedule doesn't report what the old one missed).
// Only then does it take a per-procedure advisory lock for the transaction that re-reads the
// baseline and writes the rows, so two cores agree on which ticks were missed.
//
// Missed ticks are reported, not replayed: of the ticks due since the baseline, only the latest
// runs, and only if it fell due at most GRACE_MS before this core started (a core that was up,
// just late); every other one fell due while no core was there to run it. Those are written as
// `missed` rows — all of them up to MISSED_ROWS, else the first and the last with the count in
// their detail — and one warning ScheduleRun alert event says how many and when.
//
// A tick runs as the user who last saved the Procedure (never as an admin on their behalf), with
// `onBehalf: "schedule"` so the Update says so. If that user is gone or disabled, or the run is
// refused (permissions, a run still going), the tick is `failed` with the reason and not run.
import "../server-only";
import type { Cron } from "croner";
import { recordAlertEvent } from "../alerts/alerts";
import { CORE_ID } from "../cluster/nodes";
import { db } from "../db";
import { logger } from "../logger";
import { runProcedureOnBehalf } from "../procedures/on-behalf";
import { compile, COUNT_CAP, ticksBetween, type ScheduleConfig } from "./parse";

/** A tick due this long before the core started is still run (by a core that is just late), not reported missed. */
export const GRACE_MS = 5_000;
/** Up to this many missed ticks get a row each; more get the first and the last. */
export const MISSED_ROWS = 3;

interface Scheduled {
  id: string;
  name: string;
  savedAt: Date;
  cron: Cron;
}

export interface Scheduler {
  stop: () => Promise<void>;
}

const fmt = (d: Date) => d.toISOString().replace(".000Z", "Z");

/** Starts this core's schedule loop; `stop` waits for a pass in progress. */
export function startScheduler(): Scheduler {
  const startedAt = Date.now();
  const compiled = new Map<string, { key: string; cron: Cron | null }>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  async function load(): Promise<Scheduled[]> {
    const rows = await db.procedure.findMany({
      where: { template: false, config: { path: ["scheduleEnabled"], equals: true } },
      select: { id: true, name: true, config: true, updatedAt: true },
    });
    const out: Scheduled[] = [];
    // Forget procedures deleted or no longer scheduled.
    for (const id of compiled.keys()) if (!rows.some((r) => r.id === id)) compiled.delete(id);
    for (const row of rows) {
      const c = row.config as Partial<ScheduleConfig>;
      const config: ScheduleConfig = {
        scheduleFormat: c.scheduleFormat ?? "english",
        schedule: c.schedule ?? "",
        scheduleTimezone: c.scheduleTimezone ?? "UTC",
      };
      const key = `${config.scheduleFormat}|${config.schedule}|${config.scheduleTimezone}`;
      let entry = compiled.get(row.id);
      if (entry?.key !== key) {
        try {
          entry = { key, cron: compile(config) };
        } catch (e) {
          // Saved configs are validated; one that isn't (written before validation) is logged once and skipped.
          logger.warn(`schedule of procedure ${row.name} can't be read: ${(e as Error).message}`);
          entry = { key, cron: null };
        }
        compiled.set(row.id, entry);
      }
      if (entry.cron) out.push({ id: row.id, name: row.name, savedAt: row.updatedAt, cron: entry.cron });
    }
    return out;
  }

  async function pass() {
    const schedules = await load();
    if (!schedules.length) return;
    const last = await db.scheduleTick.groupBy({ by: ["procedureId"], where: { procedureId: { in: schedules.map((s) => s.id) } }, _max: { at: true } });
    const lastAt = new Map(last.map((l) => [l.procedureId, l._max.at]));
    const now = new Date();
    for (const s of schedules) {
      const baseline = later(lastAt.get(s.id), s.savedAt);
      const next = s.cron.nextRun(baseline);
      if (next && next <= now) await settle(s).catch((e) => logger.error(`schedule of procedure ${s.name}`, e));
    }
  }

  /** Under the procedure's lock: records what fell due since the baseline, then runs the tick this core claimed. */
  async function settle(s: Scheduled) {
    const claim = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('wheelhouse.schedule'), hashtext(${s.id}))`;
      const [row] = await tx.$queryRaw<{ at: Date | null; saved: Date }[]>`
        SELECT (SELECT max(at) FROM "ScheduleTick" WHERE "procedureId" = ${s.id}) AS at, "updatedAt" AS saved FROM "Procedure" WHERE id = ${s.id}`;
      if (!row) return null;
      const now = new Date();
      const due = ticksBetween(s.cron, later(row.at, row.saved), now);
      if (!due.count || !due.latest) return null;
      const runnable = due.latest.getTime() >= startedAt - GRACE_MS;
      const missed = runnable ? due.ticks.filter((t) => t.getTime() !== due.latest!.getTime()) : due.ticks;
      // Past the count cap `ticks` stops short of the latest, so the last missed is asked of croner.
      const capped = due.count > COUNT_CAP;
      const missedCount = runnable && !capped ? due.count - 1 : due.count;
      const lastMissed = !runnable ? due.latest : capped ? s.cron.previousRuns(1, due.latest)[0] : missed.at(-1);
      let reported: { count: number; first: Date; last: Date } | null = null;
      if (missedCount > 0 && missed[0] && lastMissed) {
        const rows =
          missedCount <= MISSED_ROWS
            ? missed.map((at) => ({ at, detail: "" }))
            : [
                { at: missed[0], detail: `First of ${countText(missedCount)} missed ticks, up to ${fmt(lastMissed)}` },
                { at: lastMissed, detail: `Last of ${countText(missedCount)} missed ticks, from ${fmt(missed[0])}` },
              ];
        let inserted = 0;
        for (const r of rows)
          inserted += await tx.$executeRaw`
            INSERT INTO "ScheduleTick" ("procedureId", at, outcome, detail) VALUES (${s.id}, ${r.at}, 'missed', ${r.detail}) ON CONFLICT DO NOTHING`;
        if (inserted) reported = { count: missedCount, first: missed[0], last: lastMissed };
      }
      let tick: Date | null = null;
      if (runnable) {
        // The detail says who claimed it until its run starts, so a core that dies in between leaves a trace.
        const won = await tx.$queryRaw<{ at: Date }[]>`
          INSERT INTO "ScheduleTick" ("procedureId", at, outcome, detail)
          VALUES (${s.id}, ${due.latest}, 'run', ${`Claimed by core ${CORE_ID}; its run had not started`})
          ON CONFLICT DO NOTHING RETURNING at`;
        if (won.length) tick = due.latest;
      }
      return { reported, tick };
    });
    if (claim?.reported) await reportMissed(s, claim.reported);
    if (claim?.tick) await runTick(s, claim.tick);
  }

  async function reportMissed(s: Scheduled, m: { count: number; first: Date; last: Date }) {
    const when = m.count === 1 ? `at ${fmt(m.first)}` : `from ${fmt(m.first)} to ${fmt(m.last)}`;
    await recordAlertEvent({
      type: "ScheduleRun",
      level: "warning",
      target: { type: "procedure", id: s.id, name: s.name },
      message: `Procedure ${s.name} missed ${countText(m.count)} scheduled run${m.count === 1 ? "" : "s"} ${when}: no core was up to run ${m.count === 1 ? "it" : "them"}. Missed runs are reported, not replayed.`,
      data: { missed: m.count, first: m.first.toISOString(), last: m.last.toISOString() },
    });
  }

  async function runTick(s: Scheduled, at: Date) {
    const target = { type: "procedure", id: s.id, name: s.name };
    const fail = async (reason: string) => {
      await db.scheduleTick.update({ where: { procedureId_at: { procedureId: s.id, at } }, data: { outcome: "failed", detail: reason } });
      await recordAlertEvent({
        type: "ScheduleRun",
        level: "warning",
        target,
        message: `Scheduled run of ${s.name} at ${fmt(at)} did not start: ${reason}`,
        data: { at: at.toISOString() },
      });
    };
    let started: { updateId: string; runAs: string };
    try {
      started = await runProcedureOnBehalf(s.id, "schedule");
    } catch (e) {
      return fail((e as Error).message);
    }
    const { updateId, runAs } = started;
    await db.scheduleTick.update({ where: { procedureId_at: { procedureId: s.id, at } }, data: { updateId, detail: "" } });
    await recordAlertEvent({
      type: "ScheduleRun",
      level: "ok",
      target,
      message: `Scheduled run of ${s.name} at ${fmt(at)} started as ${runAs}`,
      data: { at: at.toISOString(), updateId },
    });
  }

  const loop = () => {
    if (stopped) return;
    current = pass()
      .catch((e) => logger.error("schedule pass", e))
      .finally(() => {
        // Just after the next turn of the second, when a seconds schedule falls due.
        if (!stopped) timer = setTimeout(loop, 1_000 - (Date.now() % 1_000) + 20).unref();
      });
  };
  loop();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current.catch(() => {});
    },
  };
}

const later = (a: Date | null | undefined, b: Date) => (a && a > b ? a : b);
const countText = (n: number) => (n > COUNT_CAP ? `more than ${COUNT_CAP}` : String(n));
