// A ResourceSync's TOML files in the agent⇄core protocol (see agent.ts). Core never clones and
// never reads a Server's disk: it asks the Server's agent with `sync.read.request`, and the agent
// checks the repository out (or finds the host folder), reads the files and sends them back in
// `sync.read.data` pages, each far below the frame limit, then `sync.read.end`. Pure: both sides
// import these schemas and rules, so a path refused on core is refused the same way on the agent
// (and the Sync's config schema, which the browser loads: no Node modules here).
import { z } from "zod";
import { ZGitSource } from "./git";
import { NO_HOST_ACCESS, ZHostAccess } from "./host-reach";

/** What one read may bring back: past either bound the read fails, naming where it stopped. */
export const SYNC_MAX_BYTES = 5 * 1024 * 1024;
export const SYNC_MAX_FILES = 2000;
/** Characters of a file per chunk: even at JSON's worst (6 bytes a character) a chunk fits a page. */
export const SYNC_CHUNK_CHARS = 32 * 1024;

/** Where a problem is, as the Sync's config field a user would change. */
export const ZSyncReadField = z.enum(["paths", "hostPath", "repoUrl", "branch", "gitCredentialId"]);

export const ZSyncReadRequest = z.object({
  type: z.literal("sync.read.request"),
  requestId: z.string(),
  /** The Sync's id: its checkout lives in the agent's state folder under syncs/<id>. */
  syncId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  source: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("git"), git: ZGitSource }),
    z.object({
      kind: z.literal("host"),
      folder: z.string().min(1),
      /** Core's verdict; the agent checks the folder's real path against it again. */
      hostAccess: ZHostAccess.default(NO_HOST_ACCESS),
    }),
  ]),
  /** Files or folders inside the source (relative, no `..`); none = its root. */
  paths: z.array(z.string().min(1)).max(32),
});
export type SyncReadRequest = z.infer<typeof ZSyncReadRequest>;

/** A piece of a file; `more` says the next chunk continues the same file. */
export const ZSyncChunk = z.object({ path: z.string(), contents: z.string(), more: z.boolean() });
export type SyncChunk = z.infer<typeof ZSyncChunk>;

export const ZSyncReadData = z.object({ type: z.literal("sync.read.data"), requestId: z.string(), chunks: z.array(ZSyncChunk) });

export const ZSyncReadEnd = z.object({
  type: z.literal("sync.read.end"),
  requestId: z.string(),
  /** How many files were sent: core checks it got them all. */
  files: z.number().int().min(0),
  commit: z.string().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
  /** What kind of failure: git's (clone, auth, remote), the source's (a path), or host access refused. */
  failure: z.enum(["git", "source", "forbidden"]).optional(),
  field: ZSyncReadField.optional(),
});
export type SyncReadEnd = z.infer<typeof ZSyncReadEnd>;

/**
 * Why a `paths` entry is refused, or null. Entries are relative to the repository or the host
 * folder and stay inside it: no absolute paths, no `..`, no NUL; "." (or "./") is the root.
 */
export function syncPathProblem(entry: string): string | null {
  if (entry.includes("\0")) return `Path ${JSON.stringify(entry)} contains a NUL character`;
  if (entry.startsWith("/") || entry.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(entry))
    return `Path ${entry} is absolute: give it relative to the source's root`;
  if (entry.split(/[\\/]/).includes("..")) return `Path ${entry} goes up with "..": paths stay inside the source`;
  return null;
}

/** A valid entry as a normalized relative path ("" = the root). */
export function normalizeSyncPath(entry: string): string {
  return entry
    .split(/[\\/]/)
    .filter((part) => part && part !== ".")
    .join("/");
}

/** Splits files into chunks of at most `size` characters, never between a surrogate pair. */
export function chunksOf(files: { path: string; contents: string }[], size = SYNC_CHUNK_CHARS): SyncChunk[] {
  const chunks: SyncChunk[] = [];
  for (const file of files) {
    let at = 0;
    do {
      let end = Math.min(at + size, file.contents.length);
      const last = file.contents.charCodeAt(end - 1);
      if (end < file.contents.length && end - at > 1 && last >= 0xd800 && last <= 0xdbff) end--;
      chunks.push({ path: file.path, contents: file.contents.slice(at, end), more: end < file.contents.length });
      at = end;
    } while (at < file.contents.length);
  }
  return chunks;
}

/**
 * Core's side: puts chunks back into files, holding the agent to the same bounds it promised
 * (a buggy or hostile agent can't make core buffer more than a read may bring).
 */
export class SyncFilesAssembler {
  readonly files: { path: string; contents: string }[] = [];
  private open = false;
  private bytes = 0;

  add(chunk: SyncChunk): void {
    const last = this.files.at(-1);
    if (this.open && last && last.path === chunk.path) last.contents += chunk.contents;
    else if (this.open) throw new Error(`The agent sent ${chunk.path} before finishing ${last?.path}`);
    else {
      if (this.files.some((f) => f.path === chunk.path)) throw new Error(`The agent sent ${chunk.path} twice`);
      this.files.push({ path: chunk.path, contents: chunk.contents });
    }
    this.open = chunk.more;
    this.bytes += Buffer.byteLength(chunk.contents);
    if (this.files.length > SYNC_MAX_FILES) throw new Error(`The agent sent more than ${SYNC_MAX_FILES} files`);
    if (this.bytes > SYNC_MAX_BYTES) throw new Error(`The agent sent more than ${SYNC_MAX_BYTES / 1024 / 1024} MB`);
  }

  /** The files, once the end says how many there should be. */
  finish(expected: number): { path: string; contents: string }[] {
    if (this.open || this.files.length !== expected)
      throw new Error(`The agent's reply was incomplete: ${this.files.length} of ${expected} files arrived${this.open ? ", the last cut short" : ""}`);
    return this.files;
  }
}

// ---------- writing back (managed mode) ----------
// A change made in the UI to a resource a managed git Sync owns is committed to its repository:
// core splices the resource's new entry into the file that declares it and sends the whole file
// with `sync.write.request`; the agent fetches, resets its checkout to the branch, writes the
// file, commits and pushes (rebasing once onto a branch that moved since core read it), then
// answers `sync.write.end` with the commit or the reason it could not.

/** A written file travels in one frame: even at JSON's worst (6 bytes a character) it fits. */
export const SYNC_WRITE_MAX_CHARS = 160 * 1024;

export const ZSyncWriteRequest = z.object({
  type: z.literal("sync.write.request"),
  requestId: z.string(),
  syncId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  git: ZGitSource,
  /** The file, relative to the repository's root (the same rules as `paths`). */
  path: z.string().min(1).max(1024),
  contents: z.string().max(SYNC_WRITE_MAX_CHARS),
  /** The commit core read the file at: the change is made on it, then rebased if the branch moved. */
  base: z.string().max(64).default(""),
  message: z.string().min(1).max(1000),
});
export type SyncWriteRequest = z.infer<typeof ZSyncWriteRequest>;

export const ZSyncWriteEnd = z.object({
  type: z.literal("sync.write.end"),
  requestId: z.string(),
  /** The commit pushed. */
  commit: z.string().optional(),
  error: z.string().optional(),
});
export type SyncWriteEnd = z.infer<typeof ZSyncWriteEnd>;
