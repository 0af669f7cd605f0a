// ntfy: POST the message to the topic URL; title, priority, tags and click link as headers.
import "../../server-only";
import { postOutbound } from "../outbound";
import { alertTitle, NTFY_PRIORITY, NTFY_TAGS, shownLevel } from "./format";
import type { SendAlert } from "./types";

// Header values must be Latin-1 single lines; ntfy reads UTF-8 titles only RFC 2047-encoded, so keep ASCII.
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, "?");

export const sendNtfy: SendAlert = async ({ config, secrets }, m) => {
  const level = shownLevel(m);
  const headers: Record<string, string> = {
    "content-type": "text/plain; charset=utf-8",
    title: headerSafe(alertTitle(m)),
    priority: NTFY_PRIORITY[level],
    tags: NTFY_TAGS[level],
    click: headerSafe(m.link),
  };
  if (secrets.password) headers.authorization = `Bearer ${secrets.password}`;
  await postOutbound(config.url, headers, m.message || alertTitle(m), "ntfy topic");
};
