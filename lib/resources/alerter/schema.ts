import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";
import { maintenanceWindow } from "../fields";
import { ALERT_TYPES } from "../../alerts/kinds";

export const alerterConfig = z
  .object({
    endpoint: z.enum(["slack", "discord", "ntfy", "webhook", "email"]).default("webhook"),
    enabled: z.boolean().default(true),
    url: z.string().max(2048).default(""),
    smtpHost: z.string().max(255).default(""),
    smtpPort: z.number().int().min(1).max(65535).default(587),
    smtpUsername: z.string().max(255).default(""),
    /** SMTP password or webhook auth token; write-only. */
    password: z.string().max(4096).optional(),
    emailFrom: z.string().max(255).default(""),
    emailTo: z.array(z.string().email("Use an email address")).max(32).default([]),
    alertTypes: z.array(z.enum(ALERT_TYPES)).default([]),
    resourceAllow: z.array(z.string().min(1).max(128)).max(128).default([]),
    resourceBlock: z.array(z.string().min(1).max(128)).max(128).default([]),
    maintenanceWindows: z.array(maintenanceWindow).max(32).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.endpoint === "email") {
      if (!c.smtpHost) ctx.addIssue({ code: "custom", path: ["smtpHost"], message: "Email alerters need an SMTP host" });
      if (c.emailTo.length === 0) ctx.addIssue({ code: "custom", path: ["emailTo"], message: "Add at least one recipient" });
    } else if (!/^https?:\/\/\S+$/.test(c.url)) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "Use an http(s) URL" });
    }
  });

export const alerter = defineResourceType({
  ...TYPE_NAMES.alerter,
  table: "Alerter",
  description: "Sends alerts to Slack, Discord, ntfy, a webhook or email.",
  config: alerterConfig,
  secrets: [{ field: "password" }],
  summary: (c) => [
    ["Endpoint", c.endpoint],
    ["Enabled", c.enabled ? "yes" : "no"],
  ],
});
