// One module per endpoint; this picks the one an Alerter is configured for.
import "../../server-only";
import { sendDiscord } from "./discord";
import { sendEmail } from "./email";
import { sendNtfy } from "./ntfy";
import { sendPushover } from "./pushover";
import { sendSlack } from "./slack";
import { sendTelegram } from "./telegram";
import type { SendAlert } from "./types";
import { sendWebhook } from "./webhook";

const ENDPOINTS: Record<string, SendAlert> = {
  slack: sendSlack,
  discord: sendDiscord,
  ntfy: sendNtfy,
  pushover: sendPushover,
  telegram: sendTelegram,
  webhook: sendWebhook,
  email: sendEmail,
};

export const sendThrough: SendAlert = (target, message) => {
  const send = ENDPOINTS[target.config.endpoint];
  if (!send) throw new Error(`No sender for endpoint ${target.config.endpoint}`);
  return send(target, message);
};
