// Runs a CLI (docker compose, a deploy hook) and streams its output line by line, because
// operators watch deploys live and a failing step's last lines are the error they need.
import { spawn } from "node:child_process";
import { inheritedEnv } from "@/agent/env";
import { lineSplitter } from "./lines";
import type { LogStream } from "./progress";

export interface ProcessResult {
  code: number;
  /** The last lines of stderr (stdout when stderr is empty), for error messages. */
  tail: string[];
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  onLine?: (stream: LogStream, line: string) => void;
  /** Kills the process after this long; 0 = no limit. */
  timeoutMs?: number;
  /** Kills the process when aborted (a cancelled command). */
  signal?: AbortSignal;
}

const TAIL_LINES = 20;

export function runProcess(cmd: string, args: string[], options: RunOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const tails: Record<LogStream, string[]> = { stdout: [], stderr: [] };
    const child = spawn(cmd, args, { cwd: options.cwd, env: { ...inheritedEnv(), ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    const splitters = (["stdout", "stderr"] as const).map((stream) => {
      const splitter = lineSplitter((line) => {
        tails[stream].push(line);
        if (tails[stream].length > TAIL_LINES) tails[stream].shift();
        options.onLine?.(stream, line);
      });
      child[stream].on("data", (chunk: Buffer) => splitter.push(chunk));
      return splitter;
    });
    const timer = options.timeoutMs ? setTimeout(() => child.kill("SIGTERM"), options.timeoutMs) : undefined;
    // SIGTERM first (docker build and git stop cleanly on it), SIGKILL if it lingers.
    const abort = () => {
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener("abort", abort, { once: true });
    const done = (code: number, extra?: string) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", abort);
      splitters.forEach((s) => s.flush());
      const tail = tails.stderr.length ? tails.stderr : tails.stdout;
      resolve({ code, tail: extra ? [...tail, extra] : tail });
    };
    // ENOENT (command not installed) arrives as an error event instead of an exit.
    child.on("error", (err) => done(127, err.message));
    child.on("close", (code, signal) => done(code ?? 1, signal ? `killed by ${signal}` : undefined));
  });
}
