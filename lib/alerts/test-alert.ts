// "Send test alert": a made-up alert sent through one Alerter at once, so whoever sets one up
// sees whether it works. It goes around the delivery queue (nothing retried, no AlertDelivery
// row, nothing recorded as sent) and is audited as an Update like any execution.
import "../server-only";
import type { Actor } from "../authz/actor";
import { authorize } from "../authz/authorize";
import { AppError, isAppError, notFound } from "../errors";
import { appendLog, finishExecution, stageEvent, startExecution } from "../updates/progress";
import { linkTo, loadAlerterTarget } from "./alerter-target";
import { sendThrough } from "./endpoints";
import type { AlertMessage } from "./endpoints/format";
import { OutboundError } from "./outbound";

export async function sendTestAlert(actor: Actor, alerterId: string): Promise<{ updateId: string; sent: true; endpoint: string }> {
  await authorize(actor, "execute", { kind: "resource", type: "alerter", id: alerterId });
  const target = await loadAlerterTarget(alerterId);
  if (!target) throw notFound("Alerter");
  const now = new Date().toISOString();
  const message: AlertMessage = {
    alertId: "test",
    type: "Test",
    level: "warning",
    event: "test",
    target: { type: "alerter", id: alerterId, name: target.name },
    message: `A test alert from Wheelhouse, sent by ${actor.username}. If you can read this, the ${target.config.endpoint} alerter ${target.name} works.`,
    data: {},
    openedAt: now,
    resolvedAt: null,
    link: linkTo("alerter", alerterId),
    sentAt: now,
  };
  const update = await startExecution(actor, "TestAlerter", { type: "alerter", id: alerterId, name: target.name });
  await stageEvent(update.id, "test", `send a test alert through ${target.config.endpoint}`, "start");
  try {
    await sendThrough(target, message);
  } catch (e) {
    const reason = e instanceof OutboundError || isAppError(e) ? e.message : `Unexpected error: ${(e as Error).message}`;
    appendLog(update.id, "test", "stderr", reason);
    await finishExecution(update.id, false, reason);
    throw new AppError("UPSTREAM_FAILED", `The test alert through ${target.name} was not delivered: ${reason}`);
  }
  appendLog(update.id, "test", "stdout", `Delivered through ${target.config.endpoint}`);
  await stageEvent(update.id, "test", "", "end", true);
  await finishExecution(update.id, true);
  return { updateId: update.id, sent: true, endpoint: target.config.endpoint };
}
