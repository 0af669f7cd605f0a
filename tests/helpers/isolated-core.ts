// Starts tests/helpers/isolated-core-main.ts as a child process (see there for why).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { until } from "./core-agent";

export interface IsolatedCore {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Whether the process is still running. */
  alive: () => boolean;
  stop: () => Promise<void>;
}

const MAIN = fileURLToPath(new URL("./isolated-core-main.ts", import.meta.url));

export async function startIsolatedCore(): Promise<IsolatedCore> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const url = await until(async () => {
    if (!alive()) throw new Error(`the core process exited:\n${output}`);
    return /^CORE_URL=(.+)$/m.exec(output)?.[1];
  }, "the core process to listen");
  return {
    url,
    child,
    output: () => output,
    alive,
    stop: async () => {
      if (alive()) child.kill("SIGTERM");
      await exited;
    },
  };
}
