// "Send test alert" on an Alerter (POST /api/v1/alerters/{id}/execute/test), the outbound
// address rule (no SSRF through alerters), and bad Alerter config (issue 13).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import * as deliveriesRoute from "@/app/api/v1/[type]/[id]/deliveries/route";
import * as execute from "@/app/api/v1/[type]/[id]/execute/[operation]/route";
import * as testRoute from "@/app/api/v1/[type]/[id]/test/route";
import { openAlert } from "@/lib/alerts/alerts";
import { deliverOne } from "@/lib/alerts/delivery-worker";
import { setAllowPrivateTargets } from "@/lib/alerts/outbound";
import { db } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver } from "../helpers/alert-receivers";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { api, grant } from "../helpers/resources";
import { call } from "../helpers/routes";

const SIGNING = "test-send-signing-secret";
let admin: TestUser;
let hook: HttpReceiver;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;

const sendTest = (key: string, id: string) =>
  call(execute, "POST", `/api/v1/alerters/${id}/execute/test`, { key, params: { type: "alerters", id, operation: "test" } });

beforeAll(async () => {
  await resetDb();
  hook = await startHttpReceiver("webhook", { secret: SIGNING });
  smtp = await startSmtpReceiver();
});

afterAll(async () => {
  setAllowPrivateTargets(undefined);
  await hook?.close();
  await smtp?.close();
});

beforeEach(async () => {
  setAllowPrivateTargets(true);
  hook.received.length = 0;
  smtp.messages.length = 0;
  admin = await makeUser({ admin: true });
});

it("sends a test alert at once, answers that it was delivered, and audits it as an Update", async () => {
  const a = await createResource(admin.actor, "alerter", { name: "test-me", config: { endpoint: "webhook", url: hook.url, signingSecret: SIGNING } });
  const res = await sendTest(admin.key, a.id);
  expect(res.status).toBe(202);
  expect(res.json).toMatchObject({ sent: true, endpoint: "webhook" });
  expect(hook.accepted()).toHaveLength(1);
  expect(hook.accepted()[0]!.signatureValid).toBe(true);
  expect(JSON.parse(hook.accepted()[0]!.body)).toMatchObject({ event: "test", target: { type: "alerter", id: a.id, name: "test-me" } });
  const update = await db.update.findUniqueOrThrow({ where: { id: res.json.updateId as string } });
  expect(update).toMatchObject({ operation: "TestAlerter", targetType: "alerter", targetId: a.id, operatorId: admin.id, status: "Complete", success: true });
  expect(await db.alertDelivery.count()).toBe(0); // a test goes around the delivery queue
});

it("an unreachable alerter answers 502 with the reason, and its Update records the failure", async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const a = await createResource(admin.actor, "alerter", { name: "nowhere", config: { endpoint: "slack", url: `http://127.0.0.1:${port}/hook` } });

  const res = await sendTest(admin.key, a.id);
  expect(res.status).toBe(502);
  expect(res.json.error.code).toBe("UPSTREAM_FAILED");
  expect(res.json.error.message).toMatch(/not delivered: Slack webhook unreachable \(127\.0\.0\.1:\d+\): ECONNREFUSED/);
  const update = await db.update.findFirstOrThrow({ where: { operation: "TestAlerter", targetId: a.id } });
  expect(update).toMatchObject({ status: "Complete", success: false });
  expect(update.error).toMatch(/ECONNREFUSED/);
  expect(await db.alertDelivery.count()).toBe(0);
});

it("refuses loopback targets (URL and SMTP host) unless private targets are allowed, sending nothing", async () => {
  setAllowPrivateTargets(false);
  const a = await createResource(admin.actor, "alerter", { name: "inside", config: { endpoint: "webhook", url: hook.url, signingSecret: SIGNING } });
  const res = await sendTest(admin.key, a.id);
  expect(res.status).toBe(502);
  expect(res.json.error.message).toMatch(/127\.0\.0\.1 is a private, loopback or link-local address .*WHEELHOUSE_ALERTER_ALLOW_PRIVATE=1/);

  const mail = await createResource(admin.actor, "alerter", {
    name: "inside-mail",
    config: { endpoint: "email", smtpHost: "localhost", smtpPort: smtp.port, emailTo: ["ops@example.test"] },
  });
  const mailRes = await sendTest(admin.key, mail.id);
  expect(mailRes.status).toBe(502);
  expect(mailRes.json.error.message).toMatch(/SMTP host: localhost is a private, loopback or link-local address/);

  // The delivery queue applies the same rule: the attempt fails with the reason, nothing leaves.
  const server = await createResource(admin.actor, "server", { name: "ssrf-target" });
  const { id } = await openAlert({ type: "ServerCpu", level: "critical", target: { type: "server", id: server.id, name: "ssrf-target" }, message: "hot" });
  const row = await db.alertDelivery.findFirstOrThrow({ where: { alertId: id, alerterId: a.id } });
  expect(await deliverOne(row.id)).toBe("retrying");
  expect((await db.alertDelivery.findUniqueOrThrow({ where: { id: row.id } })).error).toMatch(/private, loopback or link-local/);

  expect(hook.received).toHaveLength(0);
  expect(smtp.messages).toHaveLength(0);
});

it("needs Execute on the Alerter", async () => {
  const a = await createResource(admin.actor, "alerter", { name: "not-yours", config: { endpoint: "webhook", url: hook.url } });
  const stranger = await makeUser();
  const res = await sendTest(stranger.key, a.id);
  expect([403, 404]).toContain(res.status);
  expect(hook.received).toHaveLength(0);
});

it("bad Alerter config is a 400 naming each field, and nothing is saved", async () => {
  const before = await db.alerter.count();
  const badUrl = await api.create(admin.key, "alerters", { name: "bad-url", config: { endpoint: "slack", url: "ftp://hooks.example/x" } });
  expect(badUrl.status).toBe(400);
  expect(Object.keys(badUrl.json.error.fields)).toEqual(["config.url"]);
  const noChat = await api.create(admin.key, "alerters", { name: "no-chat", config: { endpoint: "telegram", token: "123:abc" } });
  expect(noChat.status).toBe(400);
  expect(Object.keys(noChat.json.error.fields)).toEqual(["config.telegramChatId"]);
  const badWindow = await api.create(admin.key, "alerters", {
    name: "bad-window",
    config: { url: "https://hooks.example/x", maintenanceWindows: [{ name: "w", start: "2026-12-24T20:00:00Z", end: "2026-12-24T18:00:00Z" }] },
  });
  expect(badWindow.status).toBe(400);
  expect(badWindow.json.error.fields).toEqual({ "config.maintenanceWindows.0.end": ["End must be after start"] });
  expect(await db.alerter.count()).toBe(before);

  const ok = await createResource(admin.actor, "alerter", { name: "good", config: { endpoint: "pushover", pushoverUser: "u1", token: "app" } });
  const patch = await api.patch(admin.key, "alerters", ok.id, { config: { pushoverUser: "" } });
  expect(patch.status).toBe(400);
  expect(Object.keys(patch.json.error.fields)).toEqual(["config.pushoverUser"]);
  expect((await db.alerter.findUniqueOrThrow({ where: { id: ok.id } })).config).toMatchObject({ pushoverUser: "u1" });
});

it("the Alerter's page lists its recent deliveries with status, attempts and error; a target the reader can't read stays unnamed", async () => {
  const a = await createResource(admin.actor, "alerter", { name: "listed", config: { endpoint: "webhook", url: "https://hooks.example/x" } });
  const secret = await createResource(admin.actor, "server", { name: "secret-server" });
  const alert = await db.alert.create({
    data: { type: "ServerDisk", severity: "warning", targetType: "server", targetId: secret.id, targetName: "secret-server", message: "disk" },
  });
  await db.alertDelivery.create({ data: { alertId: alert.id, alerterId: a.id, event: "opened", status: "sent", attempts: 3, sentAt: new Date() } });
  await db.alertDelivery.create({
    data: { alertId: alert.id, alerterId: a.id, event: "resolved", status: "failed", attempts: 5, error: "Gave up after 5 attempts: Webhook answered 500" },
  });
  const list = (key: string) => call(deliveriesRoute, "GET", `/api/v1/alerters/${a.id}/deliveries`, { key, params: { type: "alerters", id: a.id } });

  const res = await list(admin.key);
  expect(res.status).toBe(200);
  const byEvent = Object.fromEntries((res.json.deliveries as { event: string }[]).map((d) => [d.event, d]));
  expect(byEvent.opened).toMatchObject({ alertType: "ServerDisk", status: "sent", attempts: 3, targetName: "secret-server" });
  expect(byEvent.resolved).toMatchObject({ status: "failed", attempts: 5, error: "Gave up after 5 attempts: Webhook answered 500" });

  const reader = await makeUser();
  expect((await list(reader.key)).status).toBe(404);
  await grant({ userId: reader.id }, "alerter", "Read", { id: a.id });
  const limited = await list(reader.key);
  expect(limited.status).toBe(200);
  expect((limited.json.deliveries as { targetName: string | null }[]).map((d) => d.targetName)).toEqual([null, null]);
  const other = await call(deliveriesRoute, "GET", `/api/v1/servers/${secret.id}/deliveries`, { key: admin.key, params: { type: "servers", id: secret.id } });
  expect(other.status).toBe(404);
});

it("POST /api/v1/alerters/{id}/test is the same send by its own name: 200 when delivered, 502 with the reason when not", async () => {
  const a = await createResource(admin.actor, "alerter", { name: "by-name", config: { endpoint: "webhook", url: hook.url, signingSecret: SIGNING } });
  const viaTest = (key: string, type: string, id: string) => call(testRoute, "POST", `/api/v1/${type}/${id}/test`, { key, params: { type, id } });
  const res = await viaTest(admin.key, "alerters", a.id);
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ sent: true, endpoint: "webhook" });
  expect(hook.accepted()).toHaveLength(1);

  setAllowPrivateTargets(false);
  const refused = await viaTest(admin.key, "alerters", a.id);
  expect(refused.status).toBe(502);
  expect(refused.json.error.message).toMatch(/private, loopback or link-local/);
  expect(hook.received).toHaveLength(1);
  const server = await createResource(admin.actor, "server", { name: "no-test-here" });
  expect((await viaTest(admin.key, "servers", server.id)).status).toBe(404);
});
