import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";
import { TYPE_OPERATIONS } from "../operations";
import { maintenanceWindow, percent } from "../fields";

export const serverConfig = z
  .object({
    /** Shown in lists; the agent connection itself is made by enrollment (see the agent issue). */
    address: z.string().max(255).default(""),
    region: z.string().max(64).default(""),
    enabled: z.boolean().default(true),
    statsMonitoring: z.boolean().default(true),
    statsIntervalSeconds: z.number().int().min(5).max(3600).default(5),
    statsRetentionDays: z.number().int().min(1).max(365).default(14),
    cpuWarning: percent(75),
    cpuCritical: percent(90),
    memoryWarning: percent(75),
    memoryCritical: percent(90),
    diskWarning: percent(75),
    diskCritical: percent(90),
    maintenanceWindows: z.array(maintenanceWindow).max(32).default([]),
    links: z.array(z.string().url("Links must be URLs")).max(16).default([]),
    // Host reach is a root shell on the server, so it is off unless turned on here, and even
    // then only for people with Terminal on the server (lib/protocol/host-reach.ts).
    hostAccess: z
      .boolean()
      .default(false)
      .describe(
        "Lets deployments and stacks here run privileged, use the host's network or paths, the Docker socket, devices or pre/post-deploy commands — for people who also have the Terminal permission on this server.",
      ),
    allowedHostPaths: z
      .array(
        z
          .string()
          .max(1024)
          .refine((p) => p.startsWith("/") && !p.split("/").includes(".."), "Use an absolute path without '..'")
          .refine((p) => p.replace(/\/+$/, "") !== "", "Allowing / would allow every host path: turn on host access instead"),
      )
      .max(32)
      .default([])
      .describe("Host folders any deployment or stack on this server may mount, even without host access (never the Docker socket)."),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const m of ["cpu", "memory", "disk"] as const) {
      if (c[`${m}Warning`] > c[`${m}Critical`]) {
        ctx.addIssue({ code: "custom", path: [`${m}Warning`], message: "Warning threshold must not exceed the critical one" });
      }
    }
  });

export const server = defineResourceType({
  ...TYPE_NAMES.server,
  table: "Server",
  description: "A Docker host, reached through the Wheelhouse agent.",
  config: serverConfig,
  summary: (c) => [
    ["Region", c.region || "—"],
    ["Address", c.address || "—"],
  ],
  operations: TYPE_OPERATIONS.server,
  alerts: ["ServerUnreachable", "ServerCpu", "ServerMemory", "ServerDisk"],
});
