// `npm run dev` on a machine with nothing set up: no DATABASE_URL, no secrets, no data
// folder. It must initialise its own PostgreSQL, generate secrets, migrate, and serve the
// first-run page within the 60 s the README promises.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const PORT = 3291;
let child: ChildProcess | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), "wheelhouse-fresh-"));

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM"); // the whole group: npm, tsx, next and postgres
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

it("serves the first-run setup page from a fresh data folder", { timeout: 120_000 }, async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(PORT), WHEELHOUSE_DATA_DIR: dataDir, WHEELHOUSE_PG_PORT: "54391", NEXTAUTH_URL: `http://127.0.0.1:${PORT}` };
  for (const key of ["DATABASE_URL", "NEXTAUTH_SECRET", "WHEELHOUSE_SECRET_KEY", "NODE_ENV"]) delete env[key];
  let output = "";
  child = spawn("npm", ["run", "dev"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));

  const deadline = Date.now() + 60_000;
  let page = "";
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/setup`);
      if (res.ok) {
        page = await res.text();
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(page, `npm run dev did not serve /setup within 60 s. Output:\n${output.slice(-3000)}`).toContain("Create the administrator");

  const secrets = readFileSync(path.join(dataDir, "local.env"), "utf8");
  expect(secrets).toMatch(/^NEXTAUTH_SECRET=.+$/m);
  expect(secrets).toMatch(/^WHEELHOUSE_SECRET_KEY=.+$/m);
  expect(existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);
});
