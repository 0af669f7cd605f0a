// `npm run dev`: everything a fresh machine needs to run Wheelhouse. Generates local
// secrets, starts the embedded PostgreSQL (unless DATABASE_URL is set), applies
// migrations and runs the custom server. `--production` builds and serves the optimised app.
import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { loadLocalEnv } from "./lib/local-env";
import { bin, runOrExit } from "./lib/run";
import { prepareDatabase } from "./migrate";

const production = process.argv.includes("--production");

async function main() {
  const secrets = loadLocalEnv();
  const { url, server } = await prepareDatabase(process.env.WHEELHOUSE_DB_NAME ?? "wheelhouse");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    DATABASE_URL: url,
    NODE_ENV: production ? "production" : "development",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (production && (process.argv.includes("--build") || !existsSync(".next/BUILD_ID"))) {
    await runOrExit(bin("next"), ["build"], env);
  }
  const child = spawn(bin("tsx"), ["server.ts"], { stdio: "inherit", env });
  // The local agent dials the server; it retries with backoff until the server listens.
  const agent =
    process.env.WHEELHOUSE_LOCAL_AGENT === "false"
      ? null
      : spawn(bin("tsx"), ["scripts/local-agent.ts", `http://127.0.0.1:${env.PORT ?? 3000}`], { stdio: "inherit", env });
  const stop = () => {
    agent?.kill("SIGTERM");
    child.kill("SIGTERM");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", async (code) => {
    agent?.kill("SIGTERM");
    await server.stop();
    process.exit(code ?? 0);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
