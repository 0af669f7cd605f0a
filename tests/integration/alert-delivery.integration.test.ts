// Alerters deliver alerts (issue 13): real receivers on loopback (Slack-, Discord-, ntfy-,
// Telegram-, Pushover-shaped HTTP endpoints, a signed custom webhook, an SMTP server) get what
// openAlert/closeAlert queue, through the durable delivery queue run by pg-boss (lib/jobs.ts).
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { closeAlert, openAlert } from "@/lib/alerts/alerts";
import { deliverOne } from "@/lib/alerts/delivery-worker";
import { ALERT_TYPES } from "@/lib/alerts/kinds";
import { setAllowPrivateTargets } from "@/lib/alerts/outbound";
import { db } from "@/lib/db";
import { startJobs } from "@/lib/jobs";
import { createResource } from "@/lib/resources/write";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type ReceiverKind } from "../helpers/alert-receivers";
import { until } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

// Two cores' job workers on one database, as with several core processes: each delivery is still sent once.
let jobs: Awaited<ReturnType<typeof startJobs>>[] = [];
let admin: TestUser;
const receivers: HttpReceiver[] = [];
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
const SIGNING = "webhook-signing-secret-1";

async function receiver(kind: ReceiverKind, opts: { secret?: string } = {}) {
  const r = await startHttpReceiver(kind, opts);
  receivers.push(r);
  return r;
}

const alerter = (name: string, config: Record<string, unknown>) => createResource(admin.actor, "alerter", { name, config });
const server = (name: string, tags: string[] = []) => createResource(admin.actor, "server", { name, tags });

beforeAll(async () => {
  await resetDb();
  setAllowPrivateTargets(true); // the receivers are on loopback
  smtp = await startSmtpReceiver();
  jobs = [await startJobs(), await startJobs()];
}, 120_000);

afterAll(async () => {
  setAllowPrivateTargets(undefined);
  for (const j of jobs) await j.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await smtp?.close();
});

beforeEach(async () => {
  await db.alert.deleteMany();
  await db.alerter.deleteMany();
  admin = await makeUser({ admin: true });
});

it("each endpoint gets the alert in its own shape when it opens and when it resolves", async () => {
  const [slack, discord, ntfy, telegram, pushover, webhook] = await Promise.all([
    receiver("slack"),
    receiver("discord"),
    receiver("ntfy"),
    receiver("telegram"),
    receiver("pushover"),
    receiver("webhook", { secret: SIGNING }),
  ]);
  await alerter("slack", { endpoint: "slack", url: slack!.url });
  await alerter("discord", { endpoint: "discord", url: discord!.url });
  await alerter("ntfy", { endpoint: "ntfy", url: ntfy!.url });
  await alerter("telegram", { endpoint: "telegram", url: telegram!.url, telegramChatId: "-100123", token: "123:bot-token" });
  await alerter("pushover", { endpoint: "pushover", url: `${pushover!.url}/1/messages.json`, pushoverUser: "u123abc", token: "app-token" });
  await alerter("webhook", { endpoint: "webhook", url: webhook!.url, signingSecret: SIGNING });
  await alerter("email", { endpoint: "email", smtpHost: smtp.host, smtpPort: smtp.port, emailFrom: "wh@example.test", emailTo: ["ops@example.test"] });
  const web = await server("web-1");
  smtp.messages.length = 0;

  const { id } = await openAlert({ type: "ServerCpu", level: "critical", target: { type: "server", id: web.id, name: "web-1" }, message: "CPU at 97%" });
  const all = [slack!, discord!, ntfy!, telegram!, pushover!, webhook!];
  await until(async () => all.every((r) => r.accepted().length === 1) && smtp.messages.length === 1, "every endpoint to get the opened alert");

  expect(slack!.json()).toMatchObject({ text: expect.stringContaining("[CRITICAL] ServerCpu on server web-1\nCPU at 97%") });
  expect((slack!.json() as { blocks: unknown[] }).blocks.length).toBeGreaterThan(0);
  expect(discord!.json()).toMatchObject({ content: "[CRITICAL] ServerCpu on server web-1", embeds: [{ description: "CPU at 97%" }] });
  const n = ntfy!.accepted()[0]!;
  expect([n.path, n.body, n.headers.title, n.headers.priority, n.headers.tags]).toEqual([
    "/wheelhouse-alerts",
    "CPU at 97%",
    "[CRITICAL] ServerCpu on server web-1",
    "urgent",
    "rotating_light",
  ]);
  expect(telegram!.accepted()[0]!.path).toBe("/bot123%3Abot-token/sendMessage");
  expect(telegram!.json()).toMatchObject({ chat_id: "-100123", text: expect.stringContaining("CPU at 97%") });
  expect(pushover!.json()).toMatchObject({
    token: "app-token",
    user: "u123abc",
    message: "CPU at 97%",
    priority: 1,
    title: "[CRITICAL] ServerCpu on server web-1",
  });
  const hook = webhook!.accepted()[0]!;
  expect(hook.signatureValid).toBe(true);
  expect(Number(hook.headers["x-wheelhouse-timestamp"])).toBeGreaterThan(0);
  expect(JSON.parse(hook.body)).toMatchObject({
    alertId: id,
    type: "ServerCpu",
    level: "critical",
    event: "opened",
    target: { type: "server", id: web.id, name: "web-1" },
  });
  expect(smtp.messages[0]).toMatchObject({ from: "wh@example.test", to: ["ops@example.test"], subject: "[CRITICAL] ServerCpu on server web-1" });

  // A receiver has the alert a moment before its worker records the send: wait for the records.
  const rows = await until(async () => {
    const found = await db.alertDelivery.findMany({ where: { alertId: id } });
    return found.length === 7 && found.every((r) => r.status !== "pending") && found;
  }, "every delivery to be recorded");
  expect(rows.every((r) => r.status === "sent" && r.attempts === 1 && r.sentAt && r.event === "opened")).toBe(true);

  await closeAlert("ServerCpu", { type: "server", id: web.id });
  await until(async () => all.every((r) => r.accepted().length === 2) && smtp.messages.length === 2, "every endpoint to get the resolution");
  expect(JSON.parse(webhook!.accepted()[1]!.body)).toMatchObject({ event: "resolved", alertId: id });
  expect(ntfy!.accepted()[1]!.headers.priority).toBe("default");
  expect(smtp.messages[1]!.subject).toBe("[RESOLVED] ServerCpu on server web-1");
  await until(
    async () => (await db.alertDelivery.count({ where: { alertId: id, event: "resolved", status: { not: "pending" } } })) === 7,
    "every resolution to be recorded",
  );
  expect(await db.alertDelivery.count({ where: { alertId: id, event: "resolved", status: "sent" } })).toBe(7);
});

it("each alert type reaches exactly the alerters whose type list takes it", async () => {
  const [everything, cpuOnly, failures] = await Promise.all([
    receiver("webhook", { secret: SIGNING }),
    receiver("webhook", { secret: SIGNING }),
    receiver("webhook", { secret: SIGNING }),
  ]);
  await alerter("everything", { endpoint: "webhook", url: everything!.url, signingSecret: SIGNING });
  await alerter("cpu-only", { endpoint: "webhook", url: cpuOnly!.url, signingSecret: SIGNING, alertTypes: ["ServerCpu"] });
  await alerter("failures", { endpoint: "webhook", url: failures!.url, signingSecret: SIGNING, alertTypes: ["BuildFailed", "DeploymentFailed"] });
  const web = await server("typed");
  for (const type of ALERT_TYPES)
    await openAlert({ type, level: "warning", target: { type: "server", id: web.id, name: "typed" }, message: `${type} happened` });

  const typesOf = (r: HttpReceiver) =>
    r
      .accepted()
      .map((x) => (JSON.parse(x.body) as { type: string }).type)
      .sort();
  await until(
    async () => everything!.accepted().length === ALERT_TYPES.length && cpuOnly!.accepted().length === 1 && failures!.accepted().length === 2,
    "each alert at its alerters",
  );
  expect(typesOf(everything!)).toEqual([...ALERT_TYPES].sort());
  expect(typesOf(cpuOnly!)).toEqual(["ServerCpu"]);
  expect(typesOf(failures!)).toEqual(["BuildFailed", "DeploymentFailed"]);
  expect(everything!.accepted().every((x) => x.signatureValid)).toBe(true);
  // Nothing else is queued for the narrow alerters, so nothing more can arrive (each send is
  // recorded a moment after its receiver has it).
  await until(async () => (await db.alertDelivery.count({ where: { status: { not: "sent" } } })) === 0, "every delivery to be recorded as sent");
});

it("allow and block lists (names, wildcards, tags) and maintenance windows hold; a window records suppressed and sends nothing", async () => {
  await db.tag.createMany({ data: [{ name: "prod" }], skipDuplicates: true });
  const [prodOnly, windowed, recurring] = await Promise.all([receiver("slack"), receiver("slack"), receiver("slack")]);
  const prod = await alerter("prod-only", {
    endpoint: "slack",
    url: prodOnly!.url,
    resourceAllow: ["tag:prod", "\\legacy-\\d+\\"],
    resourceBlock: ["*-canary"],
  });
  const now = Date.now();
  const oneOff = await alerter("one-off-window", {
    endpoint: "slack",
    url: windowed!.url,
    maintenanceWindows: [{ name: "upgrade", start: new Date(now - 60_000).toISOString(), end: new Date(now + 3_600_000).toISOString() }],
  });
  const utcHour = new Date(now).getUTCHours();
  const daily = await alerter("daily-window", {
    endpoint: "slack",
    url: recurring!.url,
    maintenanceWindows: [{ name: "nightly", hour: utcHour, minute: 0, durationMinutes: 120, timezone: "UTC" }],
  });
  const targets = await Promise.all([server("prod-web", ["prod"]), server("prod-canary", ["prod"]), server("dev-web"), server("legacy-7")]);
  for (const t of targets)
    await openAlert({ type: "ServerUnreachable", level: "critical", target: { type: "server", id: t.id, name: t.name }, message: `${t.name} is unreachable` });

  await until(async () => prodOnly!.accepted().length === 2, "the allowed targets' alerts");
  const names = prodOnly!.accepted().map((r) => (JSON.parse(r.body) as { text: string }).text.split("\n")[0]);
  expect(names.sort()).toEqual(["[CRITICAL] ServerUnreachable on server legacy-7", "[CRITICAL] ServerUnreachable on server prod-web"]);
  const rowsOf = (alerterId: string) => db.alertDelivery.findMany({ where: { alerterId } });
  // Blocked and not-allowed targets get no row at all; the two sent are recorded a moment after they arrive.
  await until(async () => (await rowsOf(prod.id)).every((r) => r.status !== "pending"), "the sends to be recorded");
  expect((await rowsOf(prod.id)).map((r) => r.status)).toEqual(["sent", "sent"]);
  for (const [a, window] of [
    [oneOff, "upgrade"],
    [daily, "nightly"],
  ] as const) {
    const rows = await rowsOf(a.id);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.status === "suppressed" && r.attempts === 0 && !r.sentAt && r.error.includes(window))).toBe(true);
  }
  // Suppressed rows are never queued, so these receivers can't get anything later either.
  expect(windowed!.received).toHaveLength(0);
  expect(recurring!.received).toHaveLength(0);
});

it("a receiver that fails twice and then recovers gets the alert exactly once", async () => {
  const flaky = await receiver("discord");
  const a = await alerter("flaky", { endpoint: "discord", url: flaky.url });
  flaky.failNext(2);
  const web = await server("flaky-target");
  const { id } = await openAlert({ type: "ServerDisk", level: "warning", target: { type: "server", id: web.id, name: "flaky-target" }, message: "disk 91%" });

  const row = await until(async () => {
    const r = await db.alertDelivery.findFirst({ where: { alertId: id, alerterId: a.id } });
    return r?.status === "sent" ? r : null;
  }, "the delivery to succeed on its third attempt");
  expect(row.attempts).toBe(3);
  expect(row.error).toBe("");
  expect(flaky.received.map((r) => r.status)).toEqual([500, 500, 204]);

  // Nothing is left to retry it: the next alert is the very next request the receiver sees.
  await openAlert({ type: "ServerMemory", level: "warning", target: { type: "server", id: web.id, name: "flaky-target" }, message: "memory 92%" });
  await until(async () => flaky.received.length >= 4, "the next alert");
  expect(flaky.received).toHaveLength(4);
  expect(flaky.accepted().map((r) => (JSON.parse(r.body) as { embeds: { description: string }[] }).embeds[0]!.description)).toEqual(["disk 91%", "memory 92%"]);
});

it("concurrent workers (two cores) claim a delivery once: one send, and a last failed attempt gives up as failed", async () => {
  const once = await receiver("slack");
  const a = await alerter("claimed", { endpoint: "slack", url: once.url });
  // A row queued by hand, with no job for it, so only the racing calls below can run it.
  const alert = await db.alert.create({
    data: { type: "BuildFailed", severity: "critical", targetType: "build", targetId: "b1", targetName: "b", message: "build failed" },
  });
  const row = await db.alertDelivery.create({ data: { alertId: alert.id, alerterId: a.id, event: "opened" } });
  const outcomes = await Promise.all(Array.from({ length: 6 }, () => deliverOne(row.id)));
  expect(outcomes.filter((o) => o === "sent")).toHaveLength(1);
  expect(outcomes.filter((o) => o === "not-claimed")).toHaveLength(5);
  expect(once.received).toHaveLength(1);

  once.failNext(1);
  const last = await db.alertDelivery.create({ data: { alertId: alert.id, alerterId: a.id, event: "resolved", attempts: 4 } });
  expect(await deliverOne(last.id)).toBe("failed");
  const failed = await db.alertDelivery.findUniqueOrThrow({ where: { id: last.id } });
  expect(failed).toMatchObject({ status: "failed", attempts: 5, sentAt: null });
  expect(failed.error).toMatch(/Gave up after 5 attempts: Slack webhook answered 500/);
});

it("a pending delivery whose job was lost (a core stopped between commit and send) is picked up by the sweep", async () => {
  const late = await receiver("ntfy");
  const a = await alerter("swept", { endpoint: "ntfy", url: late.url });
  const alert = await db.alert.create({
    data: { type: "RepoFailed", severity: "critical", targetType: "repo", targetId: "r1", targetName: "r", message: "pull failed" },
  });
  // Queued a minute ago with no job and no wake: only the sweep can find it.
  const row = await db.alertDelivery.create({ data: { alertId: alert.id, alerterId: a.id, event: "opened", nextAttemptAt: new Date(Date.now() - 60_000) } });
  await until(async () => (await db.alertDelivery.findUniqueOrThrow({ where: { id: row.id } })).status === "sent", "the sweep to deliver it");
  expect(late.accepted().map((r) => r.body)).toEqual(["pull failed"]);
});

it("a resolution goes only to the alerters the opening went to", async () => {
  const [early, late] = await Promise.all([receiver("slack"), receiver("slack")]);
  await alerter("early", { endpoint: "slack", url: early.url });
  const web = await server("resolved-later");
  await openAlert({ type: "ServerCpu", level: "warning", target: { type: "server", id: web.id, name: "resolved-later" }, message: "cpu 85%" });
  await until(async () => early.accepted().length === 1, "the opening");
  const added = await alerter("late", { endpoint: "slack", url: late.url });
  await closeAlert("ServerCpu", { type: "server", id: web.id });
  await until(async () => early.accepted().length === 2, "the resolution at the early alerter");
  expect(await db.alertDelivery.count({ where: { alerterId: added.id } })).toBe(0);
  expect(late.received).toHaveLength(0);
});
