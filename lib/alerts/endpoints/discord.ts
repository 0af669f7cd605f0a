// Discord webhook: the title as content, the message in one embed coloured by level.
import "../../server-only";
import { postOutbound } from "../outbound";
import { alertTitle, DISCORD_COLOR, shownLevel } from "./format";
import type { SendAlert } from "./types";

export const discordBody = (m: Parameters<SendAlert>[1]) => ({
  content: alertTitle(m),
  embeds: [
    { title: alertTitle(m).slice(0, 256), description: m.message.slice(0, 4096), url: m.link, color: DISCORD_COLOR[shownLevel(m)], timestamp: m.sentAt },
  ],
  // Nothing in an alert may ping @everyone or a role.
  allowed_mentions: { parse: [] },
});

export const sendDiscord: SendAlert = async ({ config }, m) => {
  await postOutbound(config.url, { "content-type": "application/json" }, JSON.stringify(discordBody(m)), "Discord webhook");
};
