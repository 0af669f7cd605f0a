// Pushover: the Messages API (JSON) with the application token and the user/group key.
import "../../server-only";
import { OutboundError, postOutbound } from "../outbound";
import { alertTitle, PUSHOVER_PRIORITY, shownLevel } from "./format";
import type { SendAlert } from "./types";

export const PUSHOVER_API = "https://api.pushover.net/1/messages.json";

export const sendPushover: SendAlert = async ({ config, secrets }, m) => {
  if (!secrets.token) throw new OutboundError("Pushover: the alerter has no application token (config.token)");
  const body = {
    token: secrets.token,
    user: config.pushoverUser,
    title: alertTitle(m).slice(0, 250),
    message: (m.message || alertTitle(m)).slice(0, 1024),
    priority: PUSHOVER_PRIORITY[shownLevel(m)],
    url: m.link,
    url_title: "Open in Wheelhouse",
  };
  await postOutbound(config.url || PUSHOVER_API, { "content-type": "application/json" }, JSON.stringify(body), "Pushover API");
};
