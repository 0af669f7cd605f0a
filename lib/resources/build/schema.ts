import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";
import { TYPE_OPERATIONS } from "../operations";
import { envLines, gitRemote, labelLines, ref } from "../fields";

export const imageRegistry = z
  .object({
    domain: z.string().min(1, "Registry domain is required").max(255),
    organization: z.string().max(255).default(""),
    credentialId: ref(),
  })
  .strict();

export const buildConfig = z
  .object({
    builderId: ref(),
    source: z.enum(["git", "ui"]).default("git"),
    repoUrl: gitRemote(),
    branch: z.string().max(255).default("main"),
    commit: z.string().max(64).default(""),
    gitCredentialId: ref(),
    dockerfile: z
      .string()
      .max(256 * 1024)
      .default(""),
    buildPath: z.string().max(1024).default("."),
    dockerfilePath: z.string().max(1024).default("Dockerfile"),
    buildArgs: envLines(),
    /** Mounted for `RUN --mount=type=secret,id=KEY` only; use [[SECRET_VARIABLES]] for the values. */
    secretArgs: envLines(),
    labels: labelLines(),
    preBuildCommand: z.string().max(4096).default(""),
    imageName: z
      .string()
      .max(255)
      .regex(/^([a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*)?$/, "Image names are lowercase, e.g. team/api")
      .default(""),
    tagVersion: z.boolean().default(true),
    tagLatest: z.boolean().default(true),
    tagCommit: z.boolean().default(false),
    registries: z.array(imageRegistry).max(8).default([]),
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, "Use a semantic version such as 1.4.0")
      .default("0.1.0"),
    autoIncrementVersion: z.boolean().default(true),
    webhookEnabled: z.boolean().default(false),
    /** Signs GitHub deliveries (HMAC) or is GitLab's token; write-only. */
    webhookSecret: z.string().min(16, "Use at least 16 characters").max(1024).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.source === "ui" && !c.dockerfile.trim()) ctx.addIssue({ code: "custom", path: ["dockerfile"], message: "Write a Dockerfile or use a git source" });
  });

export const build = defineResourceType({
  ...TYPE_NAMES.build,
  table: "Build",
  description: "Builds an image from a git repo or a Dockerfile and pushes it to registries.",
  config: buildConfig,
  references: [
    { field: "builderId", type: "builder" },
    { field: "gitCredentialId", type: "credential" },
    { field: "registries", type: "credential", many: true, key: "credentialId" },
  ],
  operations: TYPE_OPERATIONS.build,
  secrets: [{ field: "webhookSecret" }],
  summary: (c) => [
    ["Image", c.imageName || "—"],
    ["Version", c.version],
  ],
});
