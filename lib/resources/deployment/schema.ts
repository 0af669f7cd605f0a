import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";
import { TYPE_OPERATIONS } from "../operations";
import { envLines, labelLines, portLines, ref, volumeLines } from "../fields";

export const RESTART_POLICIES = ["no", "always", "unless-stopped", "on-failure"] as const;
export const TERMINATION_SIGNALS = ["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGKILL"] as const;

export const deploymentConfig = z
  .object({
    serverId: ref(),
    /** An external image reference ("nginx:1.27") unless a Build is selected. */
    image: z.string().max(512).default(""),
    buildId: ref(),
    buildVersion: z.string().max(32).default("latest"),
    registryCredentialId: ref(),
    env: envLines(),
    ports: portLines(),
    volumes: volumeLines(),
    network: z.string().max(128).default("bridge"),
    restart: z.enum(RESTART_POLICIES).default("unless-stopped"),
    command: z.string().max(4096).default(""),
    labels: labelLines(),
    terminationSignal: z.enum(TERMINATION_SIGNALS).default("SIGTERM"),
    terminationTimeoutSeconds: z.number().int().min(0).max(3600).default(10),
    redeployOnBuild: z.boolean().default(false),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.image && c.buildId) ctx.addIssue({ code: "custom", path: ["image"], message: "Choose an image or a build, not both" });
    if (c.image && /\s/.test(c.image)) ctx.addIssue({ code: "custom", path: ["image"], message: "Image references have no spaces" });
  });

export const deployment = defineResourceType({
  ...TYPE_NAMES.deployment,
  table: "Deployment",
  description: "One container on a Server: image, env, ports, volumes, restart policy.",
  config: deploymentConfig,
  references: [
    { field: "serverId", type: "server" },
    { field: "buildId", type: "build" },
    { field: "registryCredentialId", type: "credential" },
  ],
  summary: (c) => [
    ["Image", c.image || (c.buildId ? `build:${c.buildVersion}` : "—")],
    ["Restart", c.restart],
  ],
  operations: TYPE_OPERATIONS.deployment,
});
