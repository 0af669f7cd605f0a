// A ResourceSync's TOML files, read on this host for core (lib/sync/source.ts): a git checkout
// kept under the state folder's syncs/<sync id> (fetched and reset to the remote on every read),
// or a folder on the host that the Server lets it reach. Nothing outside the checkout or the
// folder is ever read: `paths` can't climb out (checked on core, and again here), and a symbolic
// link leading out is refused, so a repository can't make the agent send its own files to core.
import { lstat, mkdir, readFile, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { agentEnv } from "@/agent/env";
import type { AgentMessage } from "@/lib/protocol/agent";
import { pagesOf } from "@/lib/protocol/frames";
import type { GitCommit } from "@/lib/protocol/git";
import { hostPathReach } from "@/lib/protocol/host-reach";
import { chunksOf, normalizeSyncPath, syncPathProblem, SYNC_MAX_BYTES, SYNC_MAX_FILES, type SyncReadEnd, type SyncReadRequest } from "@/lib/protocol/sync";
import { noLog, noStage, redactor } from "../docker/progress";
import { realpathOnHost } from "../docker/host-reach";
import { syncCheckout } from "../git/git";

export const syncsDir = (): string => path.join(agentEnv.AGENT_STATE_DIR, "syncs");

type Failure = NonNullable<SyncReadEnd["failure"]>;
type Field = NonNullable<SyncReadEnd["field"]>;

/** A failure core turns into an error on the Sync's field. */
export class SyncReadError extends Error {
  constructor(
    message: string,
    readonly failure: Failure,
    readonly field?: Field,
  ) {
    super(message);
  }
}

export interface ReadFile {
  path: string;
  contents: string;
}

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const inside = (root: string, p: string) => p === root || p.startsWith(`${root}${path.sep}`);

/** Reads (and write-backs, write.ts) of one sync's checkout take turns: two at once would fetch into the same folder. */
const turns = new Map<string, Promise<unknown>>();
export function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = turns.get(key) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const settled = next.catch(() => undefined);
  turns.set(key, settled);
  void settled.then(() => turns.get(key) === settled && turns.delete(key));
  return next;
}

/** Reads the files `paths` name inside `root` (sorted within each folder), within the bounds. */
export async function collectFiles(root: string, paths: string[], where: string): Promise<ReadFile[]> {
  const rootReal = await realpath(root);
  const files: ReadFile[] = [];
  const seen = new Set<string>();
  let bytes = 0;

  const tooMuch = (rel: string, size: number) =>
    new SyncReadError(
      `Too much to read: ${rel} (${MB(size)}) takes the files past ${MB(SYNC_MAX_BYTES)} in total (${files.length} file${files.length === 1 ? "" : "s"}, ${MB(bytes)} before it). Point paths at fewer files.`,
      "source",
      "paths",
    );
  const add = async (rel: string, real: string) => {
    if (seen.has(rel)) return;
    if (files.length + 1 > SYNC_MAX_FILES)
      throw new SyncReadError(`Too many files: more than ${SYNC_MAX_FILES} in ${where} (reached at ${rel}). Point paths at fewer files.`, "source", "paths");
    // Checked before reading (a huge file is never loaded) and after decoding (what core counts).
    const size = (await stat(real)).size;
    if (bytes + size > SYNC_MAX_BYTES) throw tooMuch(rel, size);
    const contents = await readFile(real, "utf8");
    const decoded = Buffer.byteLength(contents);
    if (bytes + decoded > SYNC_MAX_BYTES) throw tooMuch(rel, decoded);
    seen.add(rel);
    bytes += decoded;
    files.push({ path: rel, contents });
  };

  /** The real path of `rel`, refused when a link takes it out of the root. */
  const resolveInside = async (rel: string, shown: string) => {
    const real = await realpath(path.join(rootReal, rel));
    if (!inside(rootReal, real)) throw new SyncReadError(`Path ${shown} is a symbolic link leading outside ${where}`, "source", "paths");
    return real;
  };

  /** Every *.toml below `rel`, by path; links to folders are not followed (no cycles). */
  const walk = async (rel: string, found: string[]) => {
    const entries = await readdir(path.join(rootReal, rel), { withFileTypes: true });
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== ".git") await walk(child, found);
      } else if (entry.name.endsWith(".toml") && (entry.isFile() || entry.isSymbolicLink())) {
        if (entry.isSymbolicLink() && !(await stat(await resolveInside(child, child))).isFile()) continue;
        found.push(child);
        if (found.length > SYNC_MAX_FILES)
          throw new SyncReadError(`Too many files: more than ${SYNC_MAX_FILES} .toml files under ${rel || "the root"} of ${where}`, "source", "paths");
      }
    }
  };

  for (const entry of paths.length ? paths : ["."]) {
    const problem = syncPathProblem(entry);
    if (problem) throw new SyncReadError(problem, "source", "paths");
    const rel = normalizeSyncPath(entry);
    const exists = await lstat(path.join(rootReal, rel)).then(
      () => true,
      () => false,
    );
    if (!exists) throw new SyncReadError(`Path ${entry} does not exist in ${where}`, "source", "paths");
    const real = await resolveInside(rel, entry);
    const info = await stat(real);
    if (info.isFile()) {
      await add(rel, real);
    } else if (info.isDirectory()) {
      const found: string[] = [];
      await walk(rel, found);
      if (!found.length) throw new SyncReadError(`Folder ${entry} has no .toml files in ${where}`, "source", "paths");
      for (const file of found.sort()) await add(file, await resolveInside(file, file));
    } else {
      throw new SyncReadError(`Path ${entry} in ${where} is neither a file nor a folder`, "source", "paths");
    }
  }
  return files;
}

/** Checks out (git) or finds (host) the source, then reads its files. */
export async function readSync(request: SyncReadRequest): Promise<{ files: ReadFile[]; commit?: GitCommit }> {
  for (const entry of request.paths) {
    const problem = syncPathProblem(entry);
    if (problem) throw new SyncReadError(problem, "source", "paths");
  }
  const source = request.source;
  if (source.kind === "host") {
    const folder = path.resolve(source.folder);
    if (hostPathReach(folder, source.hostAccess, undefined, realpathOnHost) && !source.hostAccess.allowed)
      throw new SyncReadError(
        `Reading the host folder ${folder} needs host access on this server, or the folder in its allowed host paths`,
        "forbidden",
        "hostPath",
      );
    const info = await stat(folder).catch(() => null);
    if (!info) throw new SyncReadError(`The host folder ${folder} does not exist`, "source", "hostPath");
    if (!info.isDirectory()) throw new SyncReadError(`The host path ${folder} is not a folder`, "source", "hostPath");
    return { files: await collectFiles(folder, request.paths, `the host folder ${folder}`) };
  }
  const folder = path.join(syncsDir(), request.syncId);
  return inTurn(folder, async () => {
    await mkdir(syncsDir(), { recursive: true, mode: 0o700 });
    let commit: GitCommit;
    try {
      commit = await syncCheckout({ log: noLog, stage: noStage }, folder, source.git, "pull", true);
    } catch (e) {
      throw new SyncReadError((e as Error).message, "git");
    }
    return { files: await collectFiles(folder, request.paths, `the repository (commit ${commit.hash.slice(0, 12)})`), commit };
  });
}

/** Answers a `sync.read.request`: the files in pages, then the end (with the error, if any). */
export async function answerSyncRead(request: SyncReadRequest, send: (message: AgentMessage) => void): Promise<void> {
  const { requestId } = request;
  const redact = redactor(request.source.kind === "git" && request.source.git.auth.kind === "token" ? [request.source.git.auth.token] : []);
  try {
    const { files, commit } = await readSync(request);
    for (const chunks of pagesOf(chunksOf(files))) if (chunks.length) send({ type: "sync.read.data", requestId, chunks });
    send({ type: "sync.read.end", requestId, files: files.length, commit: commit?.hash, message: commit?.message });
  } catch (e) {
    const failure: Failure = e instanceof SyncReadError ? e.failure : "source";
    const field = e instanceof SyncReadError ? e.field : undefined;
    send({ type: "sync.read.end", requestId, files: 0, error: redact((e as Error).message), failure, field });
  }
}
