// Git on the agent: clone and pull through the git CLI, with credentials handed to the one git
// process that needs them and never written anywhere that outlives it. A token reaches git
// through GIT_ASKPASS reading the process's environment (not its arguments, which every user
// on the host can list, and not the remote URL, which git would store in .git/config); a
// private key is a 0600 file in a 0700 folder removed as soon as git exits.
import { mkdtemp, rename, rm, stat, writeFile, chmod } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { GitAuth, GitCommit, GitSource } from "@/lib/protocol/git";
import type { LogFn, StageFn } from "../docker/progress";
import { runStage } from "../docker/progress";
import { runProcess } from "../docker/run-process";

/** Answers git's username and password prompts from the git process's own environment. */
const ASKPASS = `#!/bin/sh
case "$1" in
  Username*) printf '%s\\n' "$WH_GIT_USERNAME" ;;
  *) printf '%s\\n' "$WH_GIT_TOKEN" ;;
esac
`;

/** Runs `fn` with the environment git needs for `auth`; whatever it wrote is gone after. */
export async function withAuth<T>(auth: GitAuth, fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  // Never prompt on a terminal, and never consult or feed a credential store.
  const base = { GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_NOSYSTEM: "1", GCM_INTERACTIVE: "never", LC_ALL: "C" };
  if (auth.kind === "none") return fn(base);
  const dir = await mkdtemp(path.join(os.tmpdir(), "wh-git-"));
  try {
    await chmod(dir, 0o700);
    if (auth.kind === "token") {
      const askpass = path.join(dir, "askpass");
      await writeFile(askpass, ASKPASS, { mode: 0o700 });
      return await fn({ ...base, GIT_ASKPASS: askpass, WH_GIT_USERNAME: auth.username || "git", WH_GIT_TOKEN: auth.token });
    }
    const key = path.join(dir, "key");
    const knownHosts = path.join(dir, "known_hosts");
    await writeFile(key, auth.privateKey.endsWith("\n") ? auth.privateKey : `${auth.privateKey}\n`, { mode: 0o600 });
    await writeFile(knownHosts, auth.knownHosts, { mode: 0o600 });
    const check = auth.knownHosts.trim() ? "yes" : "accept-new";
    const ssh = `ssh -i '${key}' -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile='${knownHosts}' -o StrictHostKeyChecking=${check}`;
    return await fn({ ...base, GIT_SSH_COMMAND: ssh });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface GitRun {
  log: LogFn;
  stage: StageFn;
  /** Aborted when the command is cancelled: git is killed. */
  signal?: AbortSignal;
}

/** `git <args>` in `cwd`, streamed under `stageName`; throws with git's last lines on failure. */
async function git(run: GitRun, stageName: string, cwd: string, args: string[], env: Record<string, string>, shown = `git ${args.join(" ")}`) {
  return runStage(run.stage, stageName, shown, async () => {
    // -c credential.helper= : whatever helper the host configures never sees (or stores) the token.
    const result = await runProcess("git", ["-c", "credential.helper=", ...args], {
      cwd,
      env,
      signal: run.signal,
      onLine: (stream, line) => run.log(stageName, stream, line),
    });
    if (result.code !== 0) throw new Error(`${shown} failed (exit ${result.code}):\n${result.tail.join("\n")}`);
  });
}

/** One git command in `folder`, quietly, with the environment `withAuth` gave (a managed Sync's commit and push). */
export async function gitIn(folder: string, args: string[], env: Record<string, string>, shown?: string): Promise<void> {
  await git({ log: () => {}, stage: () => {} }, "git", folder, args, env, shown);
}

/**
 * git reads a branch or commit that starts with "-" as an option wherever it is a free argument
 * (`git fetch origin --upload-pack=<command>` runs the command on this host), and no real branch,
 * tag or commit starts with one.
 */
function refuseOptionLike(source: GitSource) {
  for (const [what, value] of [
    ["branch", source.branch],
    ["commit", source.commit],
  ] as const)
    if (value.startsWith("-")) throw new Error(`The ${what} ${JSON.stringify(value)} can't start with "-"`);
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/**
 * Makes `folder` a checkout of the source: `clone` replaces it with a fresh copy (cloned beside it
 * first, so a failed clone leaves the previous one as it was); `pull` fetches into the existing
 * checkout and fast-forwards, or resets to the remote when `reset` (and clones when the folder is
 * new). Shallow unless a commit is asked for. Returns the commit checked out.
 */
export async function syncCheckout(run: GitRun, folder: string, source: GitSource, mode: "clone" | "pull", reset: boolean): Promise<GitCommit> {
  refuseOptionLike(source);
  await withAuth(source.auth, async (env) => {
    if (mode === "pull" && (await exists(path.join(folder, ".git")))) {
      // The remote may have changed in the config since the clone.
      await git(run, "fetch", folder, ["remote", "set-url", "origin", source.remote], env, "git remote set-url origin <remote>");
      await git(run, "fetch", folder, ["fetch", "--prune", "origin", source.branch], env);
      const target = source.commit || "FETCH_HEAD";
      if (reset || source.commit) await git(run, "checkout", folder, ["reset", "--hard", target], env);
      else await git(run, "checkout", folder, ["merge", "--ff-only", target], env);
      return;
    }
    const fresh = `${folder}.clone-${process.pid}-${Date.now()}`;
    await rm(fresh, { recursive: true, force: true });
    try {
      const depth = source.commit ? [] : ["--depth", "1"];
      await git(run, "clone", path.dirname(folder), ["clone", ...depth, "--branch", source.branch, "--single-branch", "--", source.remote, fresh], env);
      if (source.commit) await git(run, "checkout", fresh, ["checkout", "--detach", source.commit], env);
      await rm(folder, { recursive: true, force: true });
      await rename(fresh, folder);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
  return headCommit(folder);
}

/** The commit checked out in `folder`: its hash and its message's first line. */
export async function headCommit(folder: string): Promise<GitCommit> {
  const out: string[] = [];
  const result = await runProcess("git", ["log", "-1", "--format=%H%n%s"], {
    cwd: folder,
    onLine: (stream, line) => void (stream === "stdout" && out.push(line)),
  });
  if (result.code !== 0) throw new Error(`Could not read the checked-out commit:\n${result.tail.join("\n")}`);
  return { hash: out[0] ?? "", message: out.slice(1).join("\n") };
}

/** The commit the remote's branch (or tag) points at now, without cloning: `git ls-remote`. */
export async function remoteHead(source: GitSource): Promise<string | null> {
  return withAuth(source.auth, async (env) => {
    const out: string[] = [];
    const refs = [`refs/heads/${source.branch}`, `refs/tags/${source.branch}^{}`, `refs/tags/${source.branch}`];
    const result = await runProcess("git", ["-c", "credential.helper=", "ls-remote", "--", source.remote, ...refs], {
      env,
      onLine: (stream, line) => void (stream === "stdout" && out.push(line)),
    });
    if (result.code !== 0) throw new Error(`git ls-remote failed (exit ${result.code}):\n${result.tail.join("\n")}`);
    // A branch first, then a tag's commit (peeled) before the tag object itself.
    const byRef = new Map(out.map((l) => [l.split("\t")[1], l.split("\t")[0]!]));
    return refs.map((r) => byRef.get(r)).find(Boolean) ?? null;
  });
}
