// `npm run test:e2e`: builds the app, starts it the way `npm start` does on a fresh
// database, runs the Playwright specs in Debian's Chromium, and stops everything it started.
import { execFileSync, spawn } from "node:child_process";
import { loadLocalEnv } from "./lib/local-env";
import { bin, run, runOrExit } from "./lib/run";
import { prepareDatabase } from "./migrate";

const PORT = Number(process.env.E2E_PORT ?? 3100);

async function waitFor(url: string, deadlineMs: number) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${deadlineMs / 1000}s`);
}

async function main() {
  await runOrExit("bash", ["scripts/ensure-chromium.sh"]);
  await runOrExit("bash", ["scripts/ensure-docker.sh"]);
  // The local Kubernetes cluster (built once, cached): its output ends with KUBECONFIG=<path>.
  const k8s = execFileSync("bash", ["scripts/ensure-k8s.sh"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
  const kubeconfig = /^KUBECONFIG=(.+)$/m.exec(k8s)?.[1]?.trim();
  if (!kubeconfig) throw new Error("scripts/ensure-k8s.sh printed no KUBECONFIG line");
  const secrets = loadLocalEnv();
  const env = { ...secrets, NEXT_TELEMETRY_DISABLED: "1" };
  if (!process.argv.includes("--no-build")) await runOrExit(bin("next"), ["build"], { ...env, NODE_ENV: "production" });
  const { url, server } = await prepareDatabase("wheelhouse_e2e", { fresh: true });
  const app = spawn(bin("tsx"), ["server.ts"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...env, DATABASE_URL: url, NODE_ENV: "production", PORT: String(PORT), NEXTAUTH_URL: `http://127.0.0.1:${PORT}` },
  });
  const localAgent = (...args: string[]) =>
    spawn(bin("tsx"), ["scripts/local-agent.ts", `http://127.0.0.1:${PORT}`, ...args], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, ...env, DATABASE_URL: url, WHEELHOUSE_DATA_DIR: ".data/e2e" },
    });
  // The agent of the "local" server, as `npm run dev` starts it, with its own state folder,
  // and the agent of the "local" cluster, in cluster mode with every capability on.
  const agent = localAgent();
  const clusterAgent = localAgent("--kubeconfig", kubeconfig);
  let code = 1;
  try {
    await waitFor(`http://127.0.0.1:${PORT}/api/health`, 60_000);
    code = await run(bin("playwright"), ["test", ...process.argv.slice(2).filter((a) => a !== "--no-build")], {
      E2E_BASE_URL: `http://127.0.0.1:${PORT}`,
      E2E_DATABASE_URL: url,
      E2E_KUBECONFIG: kubeconfig,
    });
  } finally {
    agent.kill("SIGTERM");
    clusterAgent.kill("SIGTERM");
    // Let the app finish its last writes before its database goes away.
    const exited = new Promise((resolve) => (app.exitCode !== null ? resolve(null) : app.once("exit", resolve)));
    app.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    await server.stop();
  }
  process.exit(code);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
