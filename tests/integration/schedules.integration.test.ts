// Procedure schedules across cores (issue 13): two real core processes (tests/helpers/core-main.ts,
// which starts the schedule loop as server.ts does) on one database run a schedule every 10
// seconds once per tick; with both down, a tick that passes is reported missed — a `missed`
// row and one warning ScheduleRun alert — and not replayed when they come back (both at once,
// so the report is made once). In this process: a long outage is reported as its first and last
// tick with the count, a tick whose user is disabled fails with the reason and doesn't run, and
// a bad schedule is a 400 on its field with nothing saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "@/agent/docker/test-support";
import { db } from "@/lib/db";
import { createResource, updateResource } from "@/lib/resources/write";
import { compile } from "@/lib/schedules/parse";
import { GRACE_MS, startScheduler, type Scheduler } from "@/lib/schedules/scheduler";
import { until } from "../helpers/core-agent";
import { startCoreProcess, type CoreProcess } from "../helpers/core-process";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { grant } from "../helpers/resources";
import { call } from "../helpers/routes";
import * as scheduleRoute from "@/app/api/v1/[type]/[id]/schedule/route";
import * as resourcesRoute from "@/app/api/v1/[type]/route";

const EVERY_10S = { scheduleFormat: "cron", schedule: "*/10 * * * * *", scheduleTimezone: "UTC", scheduleEnabled: true } as const;
let ports: number[];
let cores: CoreProcess[] = [];
let owner: TestUser;

const ticksOf = (procedureId: string) => db.scheduleTick.findMany({ where: { procedureId }, orderBy: { at: "asc" } });
const runsOf = (procedureId: string) => db.update.findMany({ where: { targetType: "procedure", targetId: procedureId, operation: "RunProcedure" } });
const scheduleAlerts = (procedureId: string) => db.alert.findMany({ where: { type: "ScheduleRun", targetId: procedureId }, orderBy: { openedAt: "asc" } });
const stopCores = async () => {
  await Promise.all(cores.map((c) => c.kill()));
  cores = [];
};

beforeAll(async () => {
  await resetDb();
  ports = await freePorts(2);
  owner = await makeUser();
  // Not an admin: the schedule runs with the permissions of whoever saved it.
  await grant({ userId: owner.id }, "procedure", "Write", "all");
}, 60_000);

afterAll(async () => {
  await stopCores();
});

describe("a schedule every 10 seconds", () => {
  let procedureId: string;

  it("with two core processes runs once per tick", async () => {
    cores = await Promise.all(ports.map((p) => startCoreProcess(p)));
    // Saved once both cores are up, so no tick fell due while none was.
    procedureId = (await createResource(owner.actor, "procedure", { name: "every-ten", config: EVERY_10S })).id;

    const ticks = await until(
      async () => {
        const rows = await ticksOf(procedureId);
        return rows.filter((t) => t.updateId).length >= 3 ? rows : null;
      },
      "three ticks of the schedule to run",
      90_000,
    );
    await stopCores();

    expect(ticks.map((t) => t.outcome)).toEqual(ticks.map(() => "run"));
    for (const t of ticks) expect(t.at.getTime() % 10_000).toBe(0);
    // Consecutive ticks, none skipped.
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.at.getTime() - ticks[i - 1]!.at.getTime()).toBe(10_000);
    // One run per tick, whichever core claimed it: no tick ran on both.
    const started = (await ticksOf(procedureId)).filter((t) => t.updateId);
    const updates = await runsOf(procedureId);
    expect(updates.map((u) => u.id).sort()).toEqual(started.map((t) => t.updateId).sort());
    // The claim's note ("claimed by core …; its run had not started") is cleared once the run started.
    expect(started.map((t) => t.detail)).toEqual(started.map(() => ""));
    for (const u of updates) expect({ operatorId: u.operatorId, via: u.via }).toEqual({ operatorId: owner.id, via: "schedule" });
    const alerts = await scheduleAlerts(procedureId);
    expect(alerts.length).toBe(updates.length);
    expect(alerts.every((a) => a.severity === "ok" && /^Scheduled run of every-ten at .* started as /.test(a.message))).toBe(true);
  }, 180_000);

  it("reports a run missed while no core was up, once, and doesn't replay it", async () => {
    const before = await ticksOf(procedureId);
    const lastTick = before.at(-1)!.at;
    const missedTick = compile(EVERY_10S).nextRun(lastTick)!;
    // Both cores are down (the test before stopped them): let a tick pass, and the grace after it.
    await until(async () => Date.now() > missedTick.getTime() + GRACE_MS + 500, "a tick to pass with no core up", 60_000);
    cores = await Promise.all(ports.map((p) => startCoreProcess(p)));

    const missed = await until(
      async () => {
        const rows = (await ticksOf(procedureId)).filter((t) => t.outcome === "missed");
        return rows.length ? rows : null;
      },
      "the missed tick to be reported",
      60_000,
    );
    expect(missed[0]!.at).toEqual(missedTick);
    expect(missed.every((t) => t.updateId === null)).toBe(true);
    // The schedule carries on once a core is up.
    await until(
      async () => (await ticksOf(procedureId)).some((t) => t.outcome === "run" && t.updateId && t.at > missed.at(-1)!.at),
      "the next tick to run",
      60_000,
    );
    await stopCores();

    const warnings = (await scheduleAlerts(procedureId)).filter((a) => a.severity === "warning");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(
      new RegExp(
        `^Procedure every-ten missed ${missed.length} scheduled runs? (at|from) ${missedTick.toISOString().replace(".000Z", "Z")}.*no core was up.*not replayed`,
      ),
    );
    // Not replayed: every Update is a run tick's, and no missed tick has one.
    const started = (await ticksOf(procedureId)).filter((t) => t.updateId);
    expect((await runsOf(procedureId)).map((u) => u.id).sort()).toEqual(started.map((t) => t.updateId).sort());
    await updateResource(owner.actor, "procedure", procedureId, { config: { ...EVERY_10S, scheduleEnabled: false } });
  }, 180_000);
});

describe("one scheduler in this process", () => {
  let scheduler: Scheduler;
  beforeAll(() => void (scheduler = startScheduler()));
  afterAll(async () => scheduler.stop());

  /** Enables an every-second schedule as if saved `ago` ms before, with no core up since (one statement, so no tick runs in between). */
  const savedAgo = async (name: string, ago: number) => {
    const p = await createResource(owner.actor, "procedure", {
      name,
      config: { ...EVERY_10S, schedule: "every second", scheduleFormat: "english", scheduleEnabled: false },
    });
    const saved = new Date(Math.floor(Date.now() / 1000) * 1000 - ago);
    await db.$executeRaw`UPDATE "Procedure" SET "updatedAt" = ${saved}, config = jsonb_set(config, '{scheduleEnabled}', 'true') WHERE id = ${p.id}`;
    return { p, saved };
  };

  it("reports a long outage as its first and last missed tick with the count", async () => {
    // Saved 30 s ago with no core up since: 30 ticks fell due unseen, and only the latest may run.
    const { p, saved } = await savedAgo("every-second", 30_000);
    const alert = await until(async () => (await scheduleAlerts(p.id)).find((a) => a.severity === "warning"), "the missed ticks to be reported");
    const missed = (await ticksOf(p.id)).filter((t) => t.outcome === "missed");
    const count = Number(/missed (\d+) scheduled runs/.exec(alert.message)?.[1]);
    expect(count).toBeGreaterThanOrEqual(29);
    expect(missed.map((t) => t.detail)).toEqual([
      `First of ${count} missed ticks, up to ${missed[1]!.at.toISOString().replace(".000Z", "Z")}`,
      `Last of ${count} missed ticks, from ${missed[0]!.at.toISOString().replace(".000Z", "Z")}`,
    ]);
    expect(missed[0]!.at).toEqual(new Date(saved.getTime() + 1000));
    expect(alert.data).toMatchObject({ missed: count });
    await until(async () => (await ticksOf(p.id)).some((t) => t.outcome === "run" && t.updateId), "the schedule to run again");
    await updateResource(owner.actor, "procedure", p.id, { config: { ...EVERY_10S, scheduleEnabled: false } });
  }, 60_000);

  it("counts an outage past 10,000 ticks as more than that, with its true first and last tick", async () => {
    const { p, saved } = await savedAgo("hours-down", 3 * 3600_000);
    const alert = await until(async () => (await scheduleAlerts(p.id)).find((a) => a.severity === "warning"), "the missed ticks to be reported");
    await updateResource(owner.actor, "procedure", p.id, { config: { ...EVERY_10S, scheduleEnabled: false } });
    expect(alert.message).toMatch(/^Procedure hours-down missed more than 10000 scheduled runs from /);
    const [first, last, ...more] = (await ticksOf(p.id)).filter((t) => t.outcome === "missed");
    expect(more).toEqual([]);
    expect(first!.at).toEqual(new Date(saved.getTime() + 1000));
    // The last missed tick is the second before the one that ran, not the 10,000th after the first.
    const ran = (await ticksOf(p.id)).find((t) => t.outcome === "run")!;
    expect(last!.at).toEqual(new Date(ran.at.getTime() - 1000));
  }, 60_000);

  it("records a tick whose user is disabled as failed with the reason, and doesn't run it", async () => {
    const p = await createResource(owner.actor, "procedure", {
      name: "owner-disabled",
      config: { ...EVERY_10S, schedule: "every second", scheduleFormat: "english" },
    });
    await db.user.update({ where: { id: owner.id }, data: { enabled: false } });
    try {
      const failed = await until(async () => (await ticksOf(p.id)).find((t) => t.outcome === "failed"), "a tick to fail");
      expect(failed.detail).toBe(`${owner.username}, who last saved the procedure, is disabled; save it again to run it as yourself`);
      expect(failed.updateId).toBeNull();
      const alert = (await scheduleAlerts(p.id)).find((a) => a.severity === "warning");
      expect(alert?.message).toMatch(/^Scheduled run of owner-disabled at .* did not start: .* is disabled/);
      expect(await runsOf(p.id)).toEqual([]);
    } finally {
      await db.user.update({ where: { id: owner.id }, data: { enabled: true } });
      await db.procedure.update({ where: { id: p.id }, data: { config: { ...EVERY_10S, scheduleEnabled: false } } });
    }
  }, 60_000);
});

it("refuses a bad schedule or timezone on its field, saving nothing", async () => {
  const count = await db.procedure.count();
  const attempt = (config: object) =>
    createResource(owner.actor, "procedure", { name: "bad-schedule", config }).then(
      () => null,
      (e: { code: string; fields: object }) => e,
    );
  expect(await attempt({ scheduleFormat: "cron", schedule: "0 25 * * *" })).toMatchObject({
    code: "INVALID_INPUT",
    fields: { "config.schedule": ['Not a valid cron expression ("0 25 * * *"): Invalid value for hour: 25'] },
  });
  expect(await attempt({ scheduleFormat: "english", schedule: "every day at 03:00", scheduleTimezone: "Mars/Olympus" })).toMatchObject({
    code: "INVALID_INPUT",
    fields: { "config.scheduleTimezone": ['"Mars/Olympus" is not a timezone: use an IANA name such as UTC, Europe/Berlin or America/New_York'] },
  });
  // Through the API: a 400 naming the field.
  const res = await call(resourcesRoute, "POST", "/api/v1/procedures", {
    key: owner.key,
    params: { type: "procedures" },
    body: { name: "bad-schedule", config: { scheduleFormat: "english", schedule: "every 7 minutes", scheduleEnabled: true } },
  });
  expect(res.status).toBe(400);
  expect(res.json.error.fields).toEqual({
    "config.schedule": ["Every 7 minutes doesn't divide an hour evenly: use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30, or a cron expression"],
  });
  expect(await db.procedure.count()).toBe(count);
});

it("GET /api/v1/procedures/{id}/schedule shows the schedule, its next 5 runs and recent ticks to readers only", async () => {
  const p = await createResource(owner.actor, "procedure", {
    name: "berlin-mornings",
    config: { scheduleFormat: "english", schedule: "every weekday at 07:30", scheduleTimezone: "Europe/Berlin", scheduleEnabled: true },
  });
  await db.scheduleTick.create({ data: { procedureId: p.id, at: new Date("2026-01-05T06:30:00Z"), outcome: "missed" } });
  const get = (key: string, type = "procedures") => call(scheduleRoute, "GET", `/api/v1/${type}/${p.id}/schedule`, { key, params: { type, id: p.id } });

  const res = await get(owner.key);
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ enabled: true, schedule: "every weekday at 07:30", cron: "0 30 7 * * 1-5", timezone: "Europe/Berlin", error: null });
  expect(res.json.nextRuns).toHaveLength(5);
  for (const at of res.json.nextRuns as string[]) {
    const local = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", weekday: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(at));
    expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 07:30$/);
  }
  expect(res.json.ticks).toEqual([{ at: "2026-01-05T06:30:00.000Z", outcome: "missed", updateId: null, detail: "" }]);

  const stranger = await makeUser();
  expect((await get(stranger.key)).status).toBe(404);
  expect((await get(owner.key, "deployments")).status).toBe(404);
  await db.procedure.update({ where: { id: p.id }, data: { config: { scheduleEnabled: false } } });
});
