// `npm run dev` as a first-time user runs it: no DATABASE_URL, no secrets, an empty data
// folder. Shared by the two-command setup test (that it works) and bench/first-run.ts (how fast).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface FreshDev {
  dataDir: string;
  output: () => string;
  /** Polls /setup until it answers 200 or `boundMs` passes; the page ("" if it never came) and when. */
  setupPage: (boundMs: number) => Promise<{ page: string; elapsedMs: number }>;
  /** Stops npm, tsx, next and postgres (the whole process group) and removes the data folder. */
  stop: () => Promise<void>;
}

export function startFreshDev(port: number, pgPort: number): FreshDev {
  const dataDir = mkdtempSync(path.join(tmpdir(), "wheelhouse-fresh-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    WHEELHOUSE_DATA_DIR: dataDir,
    WHEELHOUSE_PG_PORT: String(pgPort),
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  };
  for (const key of ["DATABASE_URL", "NEXTAUTH_SECRET", "WHEELHOUSE_SECRET_KEY", "NODE_ENV"]) delete env[key];
  const started = performance.now();
  let output = "";
  const child = spawn("npm", ["run", "dev"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));

  return {
    dataDir,
    output: () => output,
    async setupPage(boundMs) {
      while (performance.now() - started < boundMs && child.exitCode === null) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/setup`);
          if (res.ok) return { page: await res.text(), elapsedMs: performance.now() - started };
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      return { page: "", elapsedMs: performance.now() - started };
    },
    async stop() {
      if (child.pid && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        process.kill(-child.pid, "SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
