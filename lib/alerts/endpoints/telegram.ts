// Telegram Bot API: sendMessage to the configured chat. The bot token is part of the URL, so
// errors name the host only (outbound.ts never puts the path in a message).
import "../../server-only";
import { OutboundError, postOutbound } from "../outbound";
import { alertText } from "./format";
import type { SendAlert } from "./types";

export const TELEGRAM_API = "https://api.telegram.org";

export const sendTelegram: SendAlert = async ({ config, secrets }, m) => {
  if (!secrets.token) throw new OutboundError("Telegram: the alerter has no bot token (config.token)");
  const base = (config.url || TELEGRAM_API).replace(/\/+$/, "");
  const body = { chat_id: config.telegramChatId, text: alertText(m).slice(0, 4096), disable_web_page_preview: true };
  await postOutbound(
    `${base}/bot${encodeURIComponent(secrets.token)}/sendMessage`,
    { "content-type": "application/json" },
    JSON.stringify(body),
    "Telegram API",
  );
};
