// The agent's own checks on a sync read (agent/sync/read.ts), on the real filesystem and real git:
// whatever core sent, nothing outside the checkout or the allowed host folder is read, and the
// read is bounded. Core refuses most of these first (tests/integration/sync-source.integration.test.ts).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { HostAccess } from "@/lib/protocol/host-reach";
import { SYNC_MAX_FILES, type SyncReadRequest } from "@/lib/protocol/sync";
import { readSync, SyncReadError } from "./read";

let dir: string;
let host: string;
let bare: string;

const hostRead = (folder: string, paths: string[], hostAccess: HostAccess = { allowed: false, hostPaths: [host] }): SyncReadRequest => ({
  type: "sync.read.request",
  requestId: "r",
  syncId: "sync1",
  source: { kind: "host", folder, hostAccess },
  paths,
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: SyncReadError) => ({ message: e.message, failure: e.failure, field: e.field }),
  );

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "wh-sync-read-"));
  vi.stubEnv("AGENT_STATE_DIR", path.join(dir, "state"));
  host = path.join(dir, "host");
  mkdirSync(path.join(host, "a", "deeper"), { recursive: true });
  writeFileSync(path.join(host, "a", "x.toml"), "# x\n");
  writeFileSync(path.join(host, "a", "deeper", "y.toml"), "# y\n");
  mkdirSync(path.join(dir, "outside"));
  writeFileSync(path.join(dir, "outside", "secret.toml"), "# not yours\n");

  const tree = path.join(dir, "tree");
  bare = path.join(dir, "repo.git");
  mkdirSync(tree);
  writeFileSync(path.join(tree, "main.toml"), "# main\n");
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@x.invalid", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });
  git(dir, "init", "-q", "--bare", "-b", "main", bare);
  git(tree, "init", "-q", "-b", "main");
  git(tree, "add", ".");
  git(tree, "commit", "-q", "-m", "one");
  git(tree, "push", "-q", bare, "main");
});

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("what the agent refuses on its own", () => {
  it("a host folder the verdict doesn't allow, including one that a link takes out of an allowed path", async () => {
    expect(await refusal(readSync(hostRead(host, [], { allowed: false, hostPaths: [] })))).toMatchObject({ failure: "forbidden", field: "hostPath" });
    const allowed = path.join(dir, "allowed");
    mkdirSync(allowed);
    symlinkSync(path.join(dir, "outside"), path.join(allowed, "link"));
    const linked = await refusal(readSync(hostRead(path.join(allowed, "link"), [], { allowed: false, hostPaths: [allowed] })));
    expect(linked).toMatchObject({ failure: "forbidden", field: "hostPath", message: expect.stringMatching(/needs host access/) });
  });

  it("paths that climb out or are absolute, even when core sent them", async () => {
    for (const bad of ["../outside", "a/../../outside", "/etc"])
      expect(await refusal(readSync(hostRead(host, [bad])))).toMatchObject({ failure: "source", field: "paths" });
  });

  it("a path that climbs out of a repository, before cloning it", async () => {
    const request: SyncReadRequest = {
      type: "sync.read.request",
      requestId: "r",
      syncId: "never",
      source: { kind: "git", git: { remote: `file://${bare}`, branch: "main", commit: "", auth: { kind: "none" } } },
      paths: ["../../.."],
    };
    expect(await refusal(readSync(request))).toMatchObject({ failure: "source", field: "paths" });
    expect(existsSync(path.join(dir, "state", "syncs", "never"))).toBe(false);
  });

  it("a link inside the folder that leads out of it; links to files inside are read, links to folders not followed", async () => {
    const linked = path.join(host, "linked");
    mkdirSync(linked);
    writeFileSync(path.join(linked, "real.toml"), "# real\n");
    symlinkSync(path.join(linked, "real.toml"), path.join(linked, "alias.toml"));
    symlinkSync(host, path.join(linked, "loop"));
    expect((await readSync(hostRead(host, ["linked"]))).files).toEqual([
      { path: "linked/alias.toml", contents: "# real\n" },
      { path: "linked/real.toml", contents: "# real\n" },
    ]);
    symlinkSync(path.join(dir, "outside", "secret.toml"), path.join(linked, "leak.toml"));
    expect(await refusal(readSync(hostRead(host, ["linked"])))).toMatchObject({
      failure: "source",
      message: `Path linked/leak.toml is a symbolic link leading outside the host folder ${host}`,
    });
    expect(await refusal(readSync(hostRead(host, ["linked/leak.toml"])))).toMatchObject({ failure: "source", field: "paths" });
  });

  it("more than 2,000 files, saying where", async () => {
    const many = path.join(host, "many");
    mkdirSync(many);
    for (let i = 0; i <= SYNC_MAX_FILES; i++) writeFileSync(path.join(many, `${String(i).padStart(4, "0")}.toml`), "");
    expect(await refusal(readSync(hostRead(host, ["many"])))).toMatchObject({
      failure: "source",
      field: "paths",
      message: expect.stringMatching(/^Too many files: more than 2000 \.toml files under many of the host folder/),
    });
  });

  it("a branch that git would take for an option, which would run a command on the host when fetching", async () => {
    const marker = path.join(dir, "ran");
    const request = (branch: string): SyncReadRequest => ({
      type: "sync.read.request",
      requestId: "r",
      syncId: "option",
      source: { kind: "git", git: { remote: `file://${bare}`, branch, commit: "", auth: { kind: "none" } } },
      paths: [],
    });
    expect((await readSync(request("main"))).files).toHaveLength(1);
    const refused = await refusal(readSync(request(`--upload-pack=touch ${marker};git-upload-pack`)));
    expect(refused?.message).toMatch(/can't start with "-"/);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("reading", () => {
  it("reads a file named twice (itself and in its folder) once", async () => {
    expect((await readSync(hostRead(host, ["a/x.toml", "a"]))).files.map((f) => f.path)).toEqual(["a/x.toml", "a/deeper/y.toml"]);
  });

  it("serves reads of one sync's checkout one at a time, so concurrent reads all succeed", async () => {
    const request: SyncReadRequest = {
      type: "sync.read.request",
      requestId: "r",
      syncId: "concurrent",
      source: { kind: "git", git: { remote: `file://${bare}`, branch: "main", commit: "", auth: { kind: "none" } } },
      paths: [],
    };
    const reads = await Promise.all([readSync(request), readSync(request), readSync(request), readSync(request)]);
    for (const read of reads) expect(read.files).toEqual([{ path: "main.toml", contents: "# main\n" }]);
    expect(new Set(reads.map((r) => r.commit?.hash)).size).toBe(1);
  });
});
