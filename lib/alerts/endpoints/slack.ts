// Slack incoming webhook: `text` for notifications, one mrkdwn section for the message.
import "../../server-only";
import { postOutbound } from "../outbound";
import { alertText, alertTitle } from "./format";
import type { SendAlert } from "./types";

export const slackBody = (m: Parameters<SendAlert>[1]) => ({
  text: alertText(m),
  blocks: [
    { type: "section", text: { type: "mrkdwn", text: `*${alertTitle(m)}*\n${m.message}` } },
    { type: "context", elements: [{ type: "mrkdwn", text: `<${m.link}|Open in Wheelhouse>` }] },
  ],
});

export const sendSlack: SendAlert = async ({ config }, m) => {
  await postOutbound(config.url, { "content-type": "application/json" }, JSON.stringify(slackBody(m)), "Slack webhook");
};
