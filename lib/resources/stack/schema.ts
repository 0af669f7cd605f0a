import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";
import { TYPE_OPERATIONS } from "../operations";
import { absoluteOrEmptyPath, envLines, gitRemote, ref } from "../fields";

export const composeFile = z
  .object({
    name: z
      .string()
      .min(1, "Name the file")
      .max(255)
      .regex(/^[^/\\]+$/, "A file name, not a path"),
    contents: z
      .string()
      .max(256 * 1024)
      .default(""),
  })
  .strict();

export const stackConfig = z
  .object({
    serverId: ref(),
    projectName: z
      .string()
      .max(63)
      .regex(/^([a-z0-9][a-z0-9_-]*)?$/, "Compose project names are lowercase letters, digits, '-' and '_'")
      .default(""),
    source: z.enum(["ui", "git", "host"]).default("ui"),
    /** Compose files written in the UI, merged in order like `-f a -f b`. */
    files: z.array(composeFile).max(16).default([]),
    /** A Repo whose remote, branch and credential a git source uses instead of its own fields. */
    repoId: ref(),
    repoUrl: gitRemote(),
    branch: z.string().max(255).default("main"),
    gitCredentialId: ref(),
    /** Paths of compose files inside the repo or host folder, merged in order. */
    filePaths: z.array(z.string().min(1).max(1024)).max(16).default([]),
    hostPath: absoluteOrEmptyPath(),
    env: envLines(),
    /** The env vars are also written to this file in the stack's folder and given to compose with --env-file; "" writes none. */
    envFile: z
      .string()
      .max(255)
      .regex(/^((?!\.\.?$)[A-Za-z0-9._-]+)?$/, "A file name in the stack's folder, such as .env")
      .default(".env"),
    preDeployCommand: z.string().max(4096).default(""),
    postDeployCommand: z.string().max(4096).default(""),
    ignoreServices: z.array(z.string().min(1).max(128)).max(64).default([]),
    autoPull: z.boolean().default(true),
    webhookEnabled: z.boolean().default(false),
    /** Signs GitHub deliveries (HMAC) or is GitLab's token; write-only. */
    webhookSecret: z.string().min(16, "Use at least 16 characters").max(1024).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    c.files.forEach((f, i) => {
      if (names.has(f.name)) ctx.addIssue({ code: "custom", path: ["files", i, "name"], message: `Duplicate file name "${f.name}"` });
      names.add(f.name);
    });
    if (c.envFile && names.has(c.envFile)) ctx.addIssue({ code: "custom", path: ["envFile"], message: `A compose file is already called "${c.envFile}"` });
    if (c.source === "git" && !c.repoUrl && !c.repoId)
      ctx.addIssue({ code: "custom", path: ["repoUrl"], message: "A git source needs a repository or a linked Repo" });
    if (c.source === "host" && !c.hostPath) ctx.addIssue({ code: "custom", path: ["hostPath"], message: "A host source needs a folder" });
  });

/** A stack's compose project: its own setting, else its name in compose's alphabet. */
export function composeProject(name: string, config: { projectName?: string }): string {
  return (config.projectName || name).toLowerCase().replace(/[^a-z0-9_-]/g, "-");
}

export const stack = defineResourceType({
  ...TYPE_NAMES.stack,
  table: "Stack",
  description: "A docker compose project on a Server, from files written here, a git repo or the host.",
  config: stackConfig,
  references: [
    { field: "serverId", type: "server" },
    { field: "gitCredentialId", type: "credential" },
    { field: "repoId", type: "repo" },
  ],
  // Compose knows a project's containers by its name alone: two stacks sharing one on a server
  // would stop, remove and enter each other's containers.
  uniqueKey: {
    field: "projectName",
    within: "serverId",
    of: composeProject,
    message: (name, c) => `Another stack on this server already uses the compose project "${composeProject(name, c)}": set a different project name`,
  },
  summary: (c) => [
    ["Source", c.source],
    ["Files", c.source === "ui" ? String(c.files.length) : String(c.filePaths.length)],
  ],
  operations: TYPE_OPERATIONS.stack,
  secrets: [{ field: "webhookSecret" }],
});
