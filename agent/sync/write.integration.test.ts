// The agent's side of a managed Sync's write-back (agent/sync/write.ts), on real git: the file
// stays inside the checkout whatever core sent, the commit is Wheelhouse's, and a branch that
// moved since core read it is rebased onto (or, on a conflict, refused with the remote as it was).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SyncWriteRequest } from "@/lib/protocol/sync";
import { writeSync } from "./write";

let dir: string;
let bare: string;
let tree: string;
let base: string;

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@x.invalid", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" }).trim();

/** Someone else's commit on the remote, made through a second clone. */
function pushElsewhere(file: string, contents: string) {
  git(tree, "pull", "-q", "--ff-only", bare, "main");
  writeFileSync(path.join(tree, file), contents);
  git(tree, "add", ".");
  git(tree, "commit", "-q", "-m", `change ${file}`);
  git(tree, "push", "-q", bare, "HEAD:main");
  return git(tree, "rev-parse", "HEAD");
}

const write = (file: string, contents: string, from = base): SyncWriteRequest => ({
  type: "sync.write.request",
  requestId: "w",
  syncId: "sync1",
  git: { remote: `file://${bare}`, branch: "main", commit: "", auth: { kind: "none" } },
  path: file,
  contents,
  base: from,
  message: "Update deployment web (alice, via Wheelhouse)",
});

const remoteHead = () => git(bare, "rev-parse", "main");
const remoteFile = (file: string) => git(bare, "show", `main:${file}`);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Error) => e.message,
  );

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "wh-sync-write-"));
  vi.stubEnv("AGENT_STATE_DIR", path.join(dir, "state"));
  bare = path.join(dir, "repo.git");
  tree = path.join(dir, "tree");
  mkdirSync(tree);
  writeFileSync(path.join(tree, "web.toml"), "a\nb\nc\n");
  writeFileSync(path.join(tree, "other.toml"), "x\n");
  git(dir, "init", "-q", "--bare", "-b", "main", bare);
  git(tree, "init", "-q", "-b", "main");
  git(tree, "add", ".");
  git(tree, "commit", "-q", "-m", "one");
  git(tree, "push", "-q", bare, "main");
  base = git(tree, "rev-parse", "HEAD");
});

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("a write-back on the agent", () => {
  it("refuses paths out of the checkout or into .git before fetching anything, leaving the remote as it was", async () => {
    const head = remoteHead();
    for (const bad of ["../outside.toml", "/etc/passwd", ".git/config", "sub/.git/hooks/pre-commit", "."])
      expect(await refusal(writeSync(write(bad, "x\n")))).toMatch(/absolute|goes up|inside \.git|names no file/);
    expect(remoteHead()).toBe(head);
  });

  it("commits the file as Wheelhouse and pushes it to the branch", async () => {
    const commit = await writeSync(write("web.toml", "a\nB\nc\n"));
    expect(commit).toBe(remoteHead());
    expect(remoteFile("web.toml")).toBe("a\nB\nc");
    expect(git(bare, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%s", "main")).toBe(
      "Wheelhouse <wheelhouse@localhost>|Wheelhouse <wheelhouse@localhost>|Update deployment web (alice, via Wheelhouse)",
    );
    base = commit;
  });

  it("rebases onto a branch that moved since the read, and refuses when the change conflicts", async () => {
    const moved = pushElsewhere("other.toml", "y\n");
    const commit = await writeSync(write("web.toml", "a\nB\nC\n"));
    expect(git(bare, "rev-parse", "main~1")).toBe(moved);
    expect(commit).toBe(remoteHead());
    expect([remoteFile("web.toml"), remoteFile("other.toml")]).toEqual(["a\nB\nC", "y"]);

    // Read at `commit`, while someone else changed the same line.
    const theirs = pushElsewhere("web.toml", "a\nB\nTHEIRS\n");
    const refused = await refusal(writeSync(write("web.toml", "a\nB\nOURS\n", commit)));
    expect(refused).toMatch(/moved since the file was read and the change doesn't rebase onto it/);
    expect(remoteHead()).toBe(theirs);
    expect(readFileSync(path.join(dir, "state", "syncs", "sync1", "web.toml"), "utf8")).not.toContain("<<<<<<<");
  });
});
