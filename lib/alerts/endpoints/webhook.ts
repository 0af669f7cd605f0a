// A custom JSON webhook: the alert itself as the body. With a signing secret, the receiver can
// check X-Wheelhouse-Signature = "sha256=" + hex HMAC-SHA256(secret, raw body). The body holds
// `sentAt` (also sent as X-Wheelhouse-Timestamp), so the signature covers the time too and a
// receiver can refuse old replays.
import { createHmac } from "node:crypto";
import "../../server-only";
import { postOutbound } from "../outbound";
import type { SendAlert } from "./types";

export const signatureOf = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

export const sendWebhook: SendAlert = async ({ config, secrets }, m) => {
  const body = JSON.stringify(m);
  const headers: Record<string, string> = { "content-type": "application/json", "x-wheelhouse-timestamp": String(Math.floor(Date.parse(m.sentAt) / 1000)) };
  if (secrets.signingSecret) headers["x-wheelhouse-signature"] = signatureOf(secrets.signingSecret, body);
  if (secrets.password) headers.authorization = `Bearer ${secrets.password}`;
  await postOutbound(config.url, headers, body, "Webhook");
};
