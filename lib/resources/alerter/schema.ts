import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";
import { maintenanceWindow } from "../fields";
import { ALERT_TYPES } from "../../alerts/kinds";
import { patternError } from "../../authz/pattern";
import { TYPE_OPERATIONS } from "../operations";

export const ALERTER_ENDPOINTS = ["slack", "discord", "ntfy", "pushover", "telegram", "webhook", "email"] as const;

/** A resource allow/block entry: a name pattern (exact, `*`, `\regex\`) or `tag:NAME`. */
const resourceEntry = z
  .string()
  .min(1)
  .max(128)
  .superRefine((entry, ctx) => {
    if (entry.startsWith("tag:")) {
      if (entry.length === 4) ctx.addIssue({ code: "custom", message: "Name the tag after tag:" });
      return;
    }
    const error = patternError(entry);
    if (error) ctx.addIssue({ code: "custom", message: error });
  });

const httpUrl = /^https?:\/\/[^\s/?#]+\S*$/;

export const alerterConfig = z
  .object({
    endpoint: z.enum(ALERTER_ENDPOINTS).default("webhook"),
    enabled: z.boolean().default(true),
    /** Slack/Discord webhook, ntfy topic, custom webhook; Pushover's API URL or Telegram's API base (empty = theirs). */
    url: z.string().max(2048).default(""),
    smtpHost: z.string().max(255).default(""),
    smtpPort: z.number().int().min(1).max(65535).default(587),
    smtpUsername: z.string().max(255).default(""),
    /** SMTP password, or the bearer token sent to a custom webhook or ntfy; write-only. */
    password: z.string().max(4096).optional(),
    /** Pushover's application token or Telegram's bot token; write-only. */
    token: z.string().max(512).optional(),
    /** Custom webhooks: the HMAC-SHA256 key behind X-Wheelhouse-Signature; write-only. */
    signingSecret: z.string().max(512).optional(),
    pushoverUser: z.string().max(64).default(""),
    telegramChatId: z.string().max(64).default(""),
    emailFrom: z.string().max(255).default(""),
    emailTo: z.array(z.string().email("Use an email address")).max(32).default([]),
    alertTypes: z.array(z.enum(ALERT_TYPES)).default([]),
    resourceAllow: z.array(resourceEntry).max(128).default([]),
    resourceBlock: z.array(resourceEntry).max(128).default([]),
    maintenanceWindows: z.array(maintenanceWindow).max(32).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    const need = (field: keyof typeof c, ok: boolean, message: string) => {
      if (!ok) ctx.addIssue({ code: "custom", path: [field], message });
    };
    switch (c.endpoint) {
      case "email":
        need("smtpHost", Boolean(c.smtpHost), "Email alerters need an SMTP host");
        need("emailTo", c.emailTo.length > 0, "Add at least one recipient");
        return;
      case "pushover":
        need("url", c.url === "" || httpUrl.test(c.url), "Use an http(s) URL, or leave empty for Pushover's API");
        need("pushoverUser", /^[A-Za-z0-9]{1,64}$/.test(c.pushoverUser), "Give the Pushover user (or group) key");
        return;
      case "telegram":
        need("url", c.url === "" || httpUrl.test(c.url), "Use an http(s) URL, or leave empty for Telegram's API");
        need("telegramChatId", /^(-?\d{1,20}|@[A-Za-z0-9_]{4,64})$/.test(c.telegramChatId), "Give the chat id (a number) or @channelname");
        return;
      default:
        need("url", httpUrl.test(c.url), "Use an http(s) URL");
    }
  });

export type AlerterConfig = z.infer<typeof alerterConfig>;

export const alerter = defineResourceType({
  ...TYPE_NAMES.alerter,
  table: "Alerter",
  description: "Sends alerts to Slack, Discord, ntfy, Pushover, Telegram, a signed webhook or email.",
  config: alerterConfig,
  secrets: [{ field: "password" }, { field: "token" }, { field: "signingSecret" }],
  operations: TYPE_OPERATIONS.alerter,
  summary: (c) => [
    ["Endpoint", c.endpoint],
    ["Enabled", c.enabled ? "yes" : "no"],
  ],
});
