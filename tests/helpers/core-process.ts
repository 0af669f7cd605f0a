// Runs tests/helpers/core-main.ts as its own process, so that a test can SIGKILL core mid-run
// and start it again on the same port (where the agent keeps redialling).
import { spawn, type ChildProcess } from "node:child_process";
import { until } from "./core-agent";

export interface CoreProcess {
  url: string;
  /** Its CoreNode id (what Agent.coreId names while an agent is connected to it). */
  coreId: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** POSTs JSON to one of the routes core-main.ts serves, as the holder of `key`. */
  post: (key: string, path: string, body: unknown) => Promise<{ status: number; json: Record<string, unknown> }>;
  /** Calls the real execute route as the holder of `key`. */
  execute: (key: string, plural: string, id: string, operation: string) => Promise<{ status: number; json: Record<string, unknown> }>;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

export async function startCoreProcess(port: number): Promise<CoreProcess> {
  // `node --import tsx` rather than the tsx binary, so that the pid is core itself.
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/core-main.ts", String(port)], {
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await until(async () => output.includes("core ready") || child.exitCode !== null, `core to listen on ${port}`, 60_000);
  if (child.exitCode !== null) throw new Error(`core exited with ${child.exitCode}:\n${output}`);
  const coreId = /core ready on \d+ as (\S+)/.exec(output)?.[1] ?? "";
  return {
    url,
    coreId,
    child,
    output: () => output,
    exited,
    async post(key, path, body) {
      const res = await fetch(`${url}${path}`, {
        method: "POST",
        headers: { "x-api-key": key, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
    async execute(key, plural, id, operation) {
      const res = await fetch(`${url}/api/v1/${plural}/${id}/execute/${operation}`, { method: "POST", headers: { "x-api-key": key } });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
