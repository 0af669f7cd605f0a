// As root, the embedded PostgreSQL runs as the `postgres` OS user (Postgres refuses root). On
// a fresh VPS the checkout is /root/wheelhouse and /root is 0700, so that user can reach
// neither the binaries in node_modules nor the data in .data (`spawn … initdb EACCES`).
// Opening the home folder would weaken it, so instead what postgres must reach moves out of
// it: a root-owned copy of the embedded-postgres packages and a data folder, both under
// /var/lib/wheelhouse/<key>, keyed by the data folder so each checkout keeps its own database.
import { execSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type EmbeddedPostgres from "embedded-postgres";

type EmbeddedPostgresClass = typeof EmbeddedPostgres;

const OUTSIDE_ROOT = "/var/lib/wheelhouse";

export interface PostgresPlacement {
  EmbeddedPostgres: EmbeddedPostgresClass;
  databaseDir: string;
  /** Where things moved and why, for the log; empty when nothing did. */
  notes: string[];
}

function postgresIds(): { uid: number; gid: number } {
  const read = () => ({ uid: Number(execSync("id -u postgres").toString()), gid: Number(execSync("id -g postgres").toString()) });
  try {
    return read();
  } catch {
    // embedded-postgres would create the same user on its first initialise; it is needed now to
    // test what that user can reach.
    execSync("groupadd postgres", { stdio: "ignore" });
    execSync("useradd -g postgres postgres", { stdio: "ignore" });
    return read();
  }
}

/** Whether `postgres` can search (for a folder) or execute (for a file) `target`, path included. */
function reachable(target: string, ids: { uid: number; gid: number }): boolean {
  // The same uid/gid switch embedded-postgres spawns with, so the answer is the one it will get.
  return spawnSync("test", ["-x", target], { ...ids, stdio: "ignore" }).status === 0;
}

/** The folder of package `name` as resolved from `from` (packages here export their entry file, not package.json). */
function packageDir(from: string, name: string): string {
  let dir = path.dirname(createRequire(from).resolve(name));
  while (!existsSync(path.join(dir, "package.json")) || readName(dir) !== name) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Could not find the folder of the ${name} package`);
    dir = parent;
  }
  return dir;
}

function readName(dir: string): string | undefined {
  return (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string }).name;
}

function version(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Copies embedded-postgres and its binaries package into `runtimeDir/node_modules`, so that
 * importing the copy makes it spawn the copied binaries (it resolves them with a bare import
 * of `@embedded-postgres/<platform>-<arch>`, relative to itself). Its plain JavaScript
 * dependencies are linked back to the checkout: only root loads those.
 */
function ensureRuntime(runtimeDir: string): string {
  const embeddedDir = packageDir(import.meta.url, "embedded-postgres");
  const binariesName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const binariesDir = packageDir(path.join(embeddedDir, "package.json"), binariesName);
  const target = path.join(runtimeDir, "node_modules");
  const copiedEmbedded = path.join(target, "embedded-postgres");
  const copiedBinaries = path.join(target, binariesName);
  const current = version(copiedEmbedded) === version(embeddedDir) && version(copiedBinaries) === version(binariesDir);
  if (!current) {
    // Build beside and swap, so an interrupted copy is never mistaken for a complete one.
    const staging = `${runtimeDir}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    // A copy that fails halfway is removed, not left behind under a new name each run.
    try {
      const stagedModules = path.join(staging, "node_modules");
      cpSync(embeddedDir, path.join(stagedModules, "embedded-postgres"), { recursive: true, verbatimSymlinks: true });
      cpSync(binariesDir, path.join(stagedModules, binariesName), { recursive: true, verbatimSymlinks: true });
      const manifest = JSON.parse(readFileSync(path.join(embeddedDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(manifest.dependencies ?? {})) {
        if (existsSync(path.join(stagedModules, "embedded-postgres", "node_modules", dep))) continue;
        const link = path.join(stagedModules, dep);
        mkdirSync(path.dirname(link), { recursive: true });
        symlinkSync(packageDir(path.join(embeddedDir, "package.json"), dep), link);
      }
      rmSync(runtimeDir, { recursive: true, force: true });
      renameSync(staging, runtimeDir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    chmodSync(runtimeDir, 0o755);
  }
  return path.join(copiedEmbedded, "dist", "index.js");
}

/**
 * Where the embedded PostgreSQL's data lives and which embedded-postgres (hence which
 * binaries) starts it. Unchanged unless running as root with those out of postgres's reach.
 */
export async function placePostgres(dataDir: string, Default: EmbeddedPostgresClass): Promise<PostgresPlacement> {
  const inside: PostgresPlacement = { EmbeddedPostgres: Default, databaseDir: path.join(dataDir, "postgres"), notes: [] };
  if (process.getuid?.() !== 0) return inside;
  const ids = postgresIds();
  const embeddedDir = packageDir(import.meta.url, "embedded-postgres");
  const initdb = path.join(packageDir(path.join(embeddedDir, "package.json"), `@embedded-postgres/${os.platform()}-${os.arch()}`), "native", "bin", "initdb");
  // The data folder itself is ours to open (it holds only 0600 files besides the database);
  // its parents are the operator's.
  const dataReachable = reachable(path.dirname(dataDir), ids);
  const binariesReachable = reachable(initdb, ids);
  if (dataReachable && binariesReachable) return inside;

  const key = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  const outside = path.join(OUTSIDE_ROOT, key);
  mkdirSync(outside, { recursive: true });
  chmodSync(OUTSIDE_ROOT, 0o755);
  chmodSync(outside, 0o755);
  const placement = { ...inside, notes: [] as string[] };
  if (!dataReachable) {
    placement.databaseDir = path.join(outside, "postgres");
    placement.notes.push(`PostgreSQL data is in ${placement.databaseDir}: the postgres user can't reach ${dataDir}`);
  }
  if (!binariesReachable) {
    const entry = ensureRuntime(path.join(outside, "runtime"));
    placement.EmbeddedPostgres = ((await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgresClass }).default;
    placement.notes.push(`PostgreSQL runs from a copy in ${path.join(outside, "runtime")}: the postgres user can't reach node_modules`);
  }
  return placement;
}
