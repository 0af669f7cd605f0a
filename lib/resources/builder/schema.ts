import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";

// A builder is where builds run: connected Servers (the first one free, the rest as
// overflow) or a cloud machine launched per build through a provider interface.
export const builderConfig = z
  .object({
    provider: z.enum(["server", "aws", "hetzner"]).default("server"),
    serverIds: z.array(z.string().min(1).max(64)).max(16).default([]),
    awsRegion: z.string().max(32).default(""),
    awsInstanceType: z.string().max(64).default(""),
    awsAmiId: z.string().max(64).default(""),
    awsSubnetId: z.string().max(64).default(""),
    awsSecurityGroupIds: z.array(z.string().min(1).max(64)).max(16).default([]),
    hetznerLocation: z.string().max(32).default(""),
    hetznerServerType: z.string().max(32).default(""),
    hetznerImage: z.string().max(64).default(""),
    maxConcurrentBuilds: z.number().int().min(1).max(64).default(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.provider === "aws" && !c.awsRegion) ctx.addIssue({ code: "custom", path: ["awsRegion"], message: "AWS builders need a region" });
    if (c.provider === "hetzner" && !c.hetznerLocation)
      ctx.addIssue({ code: "custom", path: ["hetznerLocation"], message: "Hetzner builders need a location" });
  });

export const builder = defineResourceType({
  ...TYPE_NAMES.builder,
  table: "Builder",
  description: "Where builds run: connected Servers, or a cloud machine launched per build.",
  config: builderConfig,
  references: [{ field: "serverIds", type: "server", many: true }],
  summary: (c) => [
    ["Provider", c.provider],
    ["Servers", c.provider === "server" ? String(c.serverIds.length) : "—"],
  ],
});
