import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";
import { TYPE_OPERATIONS } from "../operations";
import { absoluteOrEmptyPath, gitRemote, ref } from "../fields";
import { syncPathProblem } from "../../protocol/sync";

export const syncConfig = z
  .object({
    source: z.enum(["ui", "git", "host"]).default("ui"),
    /** The Server whose agent clones the repo (git) or reads the folder (host). */
    serverId: ref(),
    /** TOML resource declarations written in the UI. */
    contents: z
      .string()
      .max(512 * 1024)
      .default(""),
    repoUrl: gitRemote(),
    branch: z
      .string()
      .max(255)
      // git would take it for an option (`--upload-pack=…` runs a command on the agent's host).
      .regex(/^(?!-)/, `A branch or tag can't start with "-"`)
      .default("main"),
    gitCredentialId: ref(),
    /** Files or folders (read recursively) inside the repo or host folder. */
    paths: z
      .array(
        z
          .string()
          .min(1)
          .max(1024)
          .superRefine((p, ctx) => {
            const problem = syncPathProblem(p);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
          }),
      )
      .max(32)
      .default([]),
    hostPath: absoluteOrEmptyPath(),
    /** Managed syncs may write back to their source from the UI. */
    managed: z.boolean().default(false),
    /** Delete resources that exist here but not in the TOML (only those this sync manages, within matchTags). */
    deleteMissing: z.boolean().default(false),
    /** A field the TOML omits is reset to its default (each reset shown in the plan) instead of kept. */
    resetOmitted: z.boolean().default(false),
    matchTags: z.array(z.string().min(1).max(64)).max(32).default([]),
    includeVariables: z.boolean().default(false),
    includeUserGroups: z.boolean().default(false),
    pendingAlert: z.boolean().default(true),
    /** Re-plan from the source every this many minutes (0 = only on refresh or webhook). */
    pollIntervalMinutes: z.number().int().min(0).max(1440).default(0),
    webhookEnabled: z.boolean().default(false),
    /** Signs GitHub deliveries (HMAC) or is GitLab's token; write-only. A push to `branch` refreshes (or executes) the sync. */
    webhookSecret: z.string().min(16, "Use at least 16 characters").max(1024).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.source === "git" && !c.repoUrl) ctx.addIssue({ code: "custom", path: ["repoUrl"], message: "A git source needs a repository" });
    if (c.source === "host" && !c.hostPath) ctx.addIssue({ code: "custom", path: ["hostPath"], message: "A host source needs a folder" });
    if (c.source === "host" && !c.serverId)
      ctx.addIssue({ code: "custom", path: ["serverId"], message: "A host source needs the server whose folder it reads" });
  });

export const sync = defineResourceType({
  ...TYPE_NAMES.sync,
  table: "ResourceSync",
  description: "Declares resources in TOML and reconciles Wheelhouse with it.",
  config: syncConfig,
  operations: TYPE_OPERATIONS.sync,
  secrets: [{ field: "webhookSecret" }],
  references: [
    { field: "serverId", type: "server" },
    { field: "gitCredentialId", type: "credential" },
  ],
  summary: (c) => [
    ["Source", c.source],
    ["Deletes", c.deleteMissing ? "yes" : "no"],
  ],
});
