// A managed Sync's write-back (lib/sync/write-back.ts): one file of its repository replaced with
// what core spliced, committed as Wheelhouse and pushed to the branch. It works in the same
// checkout reads use (<state>/syncs/<sync id>), taking turns with them, reset to the remote first
// so nothing local survives. The change is made on the commit core read; if the branch moved
// since, it is rebased onto the new head once, and a conflict refuses it. The credential reaches
// git only as for clones (withAuth: askpass and environment, never argv or .git/config), and
// the file stays inside the checkout: `path` follows the read rules, and a symbolic link or a
// path into .git is refused.
import { lstat, mkdir, realpath, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AgentMessage } from "@/lib/protocol/agent";
import { normalizeSyncPath, syncPathProblem, type SyncWriteRequest } from "@/lib/protocol/sync";
import { redactor } from "../docker/progress";
import { gitIn, headCommit, syncCheckout, withAuth } from "../git/git";
import { inTurn, syncsDir } from "./read";

const IDENTITY = ["-c", "user.name=Wheelhouse", "-c", "user.email=wheelhouse@localhost", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"];

/** The file's path in the checkout, refused when it would leave it or touch git's own files. */
function relativeOf(entry: string): string {
  const problem = syncPathProblem(entry);
  if (problem) throw new Error(problem);
  const rel = normalizeSyncPath(entry);
  if (!rel) throw new Error(`Path ${entry} names no file`);
  if (rel.split("/").some((part) => part.toLowerCase() === ".git")) throw new Error(`Path ${entry} is inside .git`);
  return rel;
}

async function target(folder: string, rel: string): Promise<string> {
  const root = await realpath(folder);
  const file = path.join(root, rel);
  const info = await lstat(file).catch(() => null);
  if (!info) throw new Error(`${rel} is no longer in the repository`);
  if (!info.isFile()) throw new Error(`${rel} is not a plain file in the repository (a link or a folder): not written`);
  const parent = await realpath(path.dirname(file));
  if (parent !== root && !parent.startsWith(`${root}${path.sep}`)) throw new Error(`${rel} is under a symbolic link leading outside the repository`);
  if (path.relative(root, parent).split(path.sep)[0]?.toLowerCase() === ".git") throw new Error(`${rel} is under a symbolic link into .git`);
  return file;
}

/** Commits and pushes the file; returns the commit pushed. */
export async function writeSync(request: SyncWriteRequest): Promise<string> {
  const rel = relativeOf(request.path); // before anything is fetched
  const folder = path.join(syncsDir(), request.syncId);
  return inTurn(folder, async () => {
    await mkdir(syncsDir(), { recursive: true, mode: 0o700 });
    const source = { ...request.git, commit: "" };
    const head = await syncCheckout({ log: () => {}, stage: () => {} }, folder, source, "pull", true);
    const moved = Boolean(request.base) && request.base !== head.hash;
    return withAuth(source.auth, async (env) => {
      if (moved)
        await gitIn(folder, ["reset", "--hard", request.base], env).catch(() => {
          throw new Error(`The branch ${source.branch} moved since the file was read (now at ${head.hash.slice(0, 12)}): try again`);
        });
      const file = await target(folder, rel);
      await writeFile(file, request.contents);
      await gitIn(folder, ["add", "--", rel], env);
      await gitIn(folder, [...IDENTITY, "commit", "-q", "-m", request.message], env, "git commit");
      if (moved)
        await gitIn(folder, [...IDENTITY, "rebase", head.hash], env).catch(async (e: Error) => {
          await gitIn(folder, ["rebase", "--abort"], env).catch(() => {});
          throw new Error(`The branch ${source.branch} moved since the file was read and the change doesn't rebase onto it: ${e.message}`);
        });
      await gitIn(folder, ["push", "origin", `HEAD:refs/heads/${source.branch}`], env, `git push origin HEAD:refs/heads/${source.branch}`);
      return (await headCommit(folder)).hash;
    });
  });
}

/** Answers a `sync.write.request` with the commit pushed, or the reason it wasn't (secrets redacted). */
export async function answerSyncWrite(request: SyncWriteRequest, send: (message: AgentMessage) => void): Promise<void> {
  const { requestId } = request;
  const redact = redactor(request.git.auth.kind === "token" ? [request.git.auth.token] : []);
  try {
    send({ type: "sync.write.end", requestId, commit: await writeSync(request) });
  } catch (e) {
    send({ type: "sync.write.end", requestId, error: redact((e as Error).message) });
  }
}
