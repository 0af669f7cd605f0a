// Git in the agent⇄core protocol (see agent.ts): core resolves a source (remote, ref,
// credential) and the agent clones it. Core never touches the repository; the agent never keeps
// a credential past the one git process that needs it.
import { z } from "zod";
import { NO_HOST_ACCESS, ZHostAccess } from "./host-reach";

/** The remotes git may be pointed at; never ext:: or another transport that runs a command. */
export const GIT_REMOTE = /^(https?:\/\/|ssh:\/\/|git:\/\/|file:\/\/|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)[^\s]+$/;

/** How git authenticates: a token (https), a private key (ssh), or nothing. */
export const ZGitAuth = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("token"), username: z.string(), token: z.string().min(1) }),
  z.object({
    kind: z.literal("ssh-key"),
    privateKey: z.string().min(1),
    /** known_hosts lines for the server; empty = trust the key it shows on first contact. */
    knownHosts: z.string().default(""),
  }),
]);
export type GitAuth = z.infer<typeof ZGitAuth>;

export const ZGitSource = z.object({
  /** https://, http://, git://, file://, ssh:// or scp-like user@host:path. */
  remote: z.string().regex(GIT_REMOTE, "Use an https://, ssh://, git://, file:// or user@host:path address"),
  /** A branch or a tag. */
  branch: z.string().min(1),
  /** A commit to check out instead of the branch's head ("" = the head). */
  commit: z.string().default(""),
  auth: ZGitAuth.default({ kind: "none" }),
});
export type GitSource = z.infer<typeof ZGitSource>;

export const ZGitCommit = z.object({ hash: z.string(), message: z.string() });
export type GitCommit = z.infer<typeof ZGitCommit>;

/** A Repo's clone or pull, then its on-clone / on-pull command in the folder. */
export const ZRepoSyncPayload = z.object({
  kind: z.literal("repo.sync"),
  /** The folder: relative to the agent's repos folder, or absolute where host access allows it. */
  folder: z.string().min(1),
  source: ZGitSource,
  /** clone: a fresh copy replaces the folder; pull: fetch and fast-forward (or reset). */
  mode: z.enum(["clone", "pull"]),
  /** pull only: reset to the remote's branch instead of fast-forwarding. */
  reset: z.boolean().default(false),
  command: z.string().default(""),
  env: z.record(z.string(), z.string()).default({}),
  /** Values to replace with "***" in every log line the agent sends back. */
  redact: z.array(z.string()).default([]),
  /** What of the host this may reach; the agent refuses the rest (see host-reach.ts `repoReach`). */
  hostAccess: ZHostAccess.default(NO_HOST_ACCESS),
});
export type RepoSyncPayload = z.infer<typeof ZRepoSyncPayload>;

/** Core asks which commit the remote's branch (or tag) points at now; the agent answers `git.head`. */
export const ZGitHeadRequest = z.object({ type: z.literal("git.head.request"), requestId: z.string(), source: ZGitSource });
export const ZGitHead = z.object({ type: z.literal("git.head"), requestId: z.string(), hash: z.string().nullable(), error: z.string().optional() });
