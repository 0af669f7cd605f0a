// Sending queued AlertDelivery rows (delivery.ts records them). Each send runs in a pg-boss job
// on whichever core fetches it, but the row decides: a job first claims its row with a
// conditional update (pending, due, and not claimed by a live claim), so two cores — or a job
// and the sweep — never send one delivery twice. A failed attempt is recorded on the row
// (attempts, error) and retried with exponential backoff until MAX_ATTEMPTS, then the row is
// `failed`. A claim lasts CLAIM_MS, so a core that died mid-send leaves a row another core takes
// over (a receiver may then get that one alert twice; nothing is lost).
import type PgBoss from "pg-boss";
import "../server-only";
import { db } from "../db";
import { isAppError } from "../errors";
import { logger } from "../logger";
import { loadAlerterTarget, messageOf } from "./alerter-target";
import type { AlertEvent } from "./endpoints/format";
import { sendThrough } from "./endpoints";
import { OutboundError } from "./outbound";

export const DELIVERY_QUEUE = "alert-delivery";
export const MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 1_000;
const CLAIM_MS = 60_000;
/** pg-boss starts a delayed job by the database's clock, the row's due time is this core's. */
const CLOCK_SLACK_MS = 2_000;
const SWEEP_EVERY_MS = 5_000;
/** The sweep takes rows this long overdue: their job (or wake) was lost. */
const SWEEP_GRACE_MS = 10_000;

/** Delay before attempt n+1 after n failed attempts: 1 s, 2 s, 4 s, 8 s. */
export const backoffMs = (failedAttempts: number) => BACKOFF_BASE_MS * 2 ** Math.max(0, failedAttempts - 1);

// The pg-boss instances started in this process (server.ts starts one; tests may start two).
const bosses = new Set<PgBoss>();
const anyBoss = () => [...bosses].at(-1);

async function enqueue(ids: string[], delayMs = 0): Promise<void> {
  const boss = anyBoss();
  if (!boss || ids.length === 0) return;
  const startAfter = delayMs ? new Date(Date.now() + delayMs) : undefined;
  await boss.insert(ids.map((id) => ({ name: DELIVERY_QUEUE, data: { id }, startAfter })));
}

const later = (ms: number, fn: () => Promise<void>) =>
  setTimeout(() => void fn().catch((e) => logger.error("alert delivery: waking the queue failed (the sweep will)", e)), ms).unref();

/**
 * Wakes the queue for an alert's new rows once its transaction has committed. The transaction
 * commits after queueDeliveries returns, so look a few times; a rolled-back alert leaves nothing
 * to find. A wake lost to a stopping core is made up by the sweep.
 */
export function kickDeliveries(alertId: string, event: "opened" | "resolved"): void {
  if (!anyBoss()) return;
  const delays = [20, 100, 500, 2_000];
  const look = (i: number) => async () => {
    const rows = await db.alertDelivery.findMany({ where: { alertId, event, status: "pending", attempts: 0 }, select: { id: true } });
    if (rows.length) await enqueue(rows.map((r) => r.id));
    else if (i + 1 < delays.length) later(delays[i + 1]!, look(i + 1));
  };
  later(delays[0]!, look(0));
}

export type DeliveryOutcome = "sent" | "retrying" | "failed" | "suppressed" | "not-claimed";

/** One attempt at one delivery, if this caller wins the claim. */
export async function deliverOne(id: string): Promise<DeliveryOutcome> {
  const now = new Date();
  const claimedUntil = new Date(now.getTime() + CLAIM_MS);
  const { count } = await db.alertDelivery.updateMany({
    where: {
      id,
      status: "pending",
      nextAttemptAt: { lte: new Date(now.getTime() + CLOCK_SLACK_MS) },
      OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }],
    },
    data: { attempts: { increment: 1 }, claimedUntil },
  });
  if (count === 0) return "not-claimed";
  const row = await db.alertDelivery.findUniqueOrThrow({ where: { id }, include: { alert: true } });
  // Every end below is conditional on still holding this claim.
  const ours = { id, status: "pending", claimedUntil };
  const end = async (status: string, error: string, extra: object = {}) => {
    await db.alertDelivery.updateMany({ where: ours, data: { status, error, claimedUntil: null, ...extra } });
  };
  const target = await loadAlerterTarget(row.alerterId);
  if (!target) return (await end("failed", "The alerter was deleted"), "failed");
  if (!target.config.enabled) return (await end("suppressed", "The alerter was disabled before sending"), "suppressed");
  try {
    await sendThrough(target, messageOf(row.alert, row.event as AlertEvent));
  } catch (e) {
    // Outbound errors name the endpoint and host, never a token or the URL's path.
    const error = e instanceof OutboundError || isAppError(e) ? e.message : `Unexpected error: ${(e as Error).message}`;
    if (!(e instanceof OutboundError)) logger.error(`alert delivery ${id} through ${target.name} failed unexpectedly`, e);
    if (row.attempts >= MAX_ATTEMPTS) return (await end("failed", `Gave up after ${row.attempts} attempts: ${error}`), "failed");
    const delay = backoffMs(row.attempts);
    await end("pending", error, { nextAttemptAt: new Date(Date.now() + delay) });
    await enqueue([id], delay);
    return "retrying";
  }
  await end("sent", "", { sentAt: new Date() });
  return "sent";
}

/** Pending rows whose job was lost (a core stopped, a wake missed) go back on the queue. */
export async function sweepDeliveries(now = new Date()): Promise<number> {
  const due = await db.alertDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lt: new Date(now.getTime() - SWEEP_GRACE_MS) }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
    select: { id: true },
    orderBy: { nextAttemptAt: "asc" },
    take: 200,
  });
  await enqueue(due.map((d) => d.id));
  return due.length;
}

/** This core's delivery worker and sweep (started with the background jobs, lib/jobs.ts). */
export async function startAlertDelivery(boss: PgBoss): Promise<() => Promise<void>> {
  await boss.createQueue(DELIVERY_QUEUE, { name: DELIVERY_QUEUE, policy: "standard", retryLimit: 1, expireInSeconds: 300 });
  await boss.work<{ id: string }>(DELIVERY_QUEUE, { pollingIntervalSeconds: 1, batchSize: 10 }, async (jobs) => {
    await Promise.all(jobs.map((job) => deliverOne(job.data.id)));
  });
  bosses.add(boss);
  const timer = setInterval(() => void sweepDeliveries().catch((e) => logger.error("alert delivery sweep failed", e)), SWEEP_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    bosses.delete(boss);
  };
}
