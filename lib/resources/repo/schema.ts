import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";
import { TYPE_OPERATIONS } from "../operations";
import { envLines, gitRemote, ref } from "../fields";

export const repoConfig = z
  .object({
    serverId: ref(),
    repoUrl: gitRemote(),
    branch: z.string().max(255).default("main"),
    commit: z.string().max(64).default(""),
    gitCredentialId: ref(),
    clonePath: z.string().max(1024).default(""),
    onCloneCommand: z.string().max(4096).default(""),
    onPullCommand: z.string().max(4096).default(""),
    env: envLines(),
    webhookEnabled: z.boolean().default(false),
    /** Signs GitHub deliveries (HMAC) or is GitLab's token; write-only. */
    webhookSecret: z.string().min(16, "Use at least 16 characters").max(1024).optional(),
  })
  .strict();

export const repo = defineResourceType({
  ...TYPE_NAMES.repo,
  table: "Repo",
  description: "A git repository cloned onto a Server, with commands run on clone and pull.",
  config: repoConfig,
  references: [
    { field: "serverId", type: "server" },
    { field: "gitCredentialId", type: "credential" },
  ],
  operations: TYPE_OPERATIONS.repo,
  secrets: [{ field: "webhookSecret" }],
  summary: (c) => [
    ["Repository", c.repoUrl || "—"],
    ["Branch", c.branch],
  ],
});
