// Starting shells: a host PTY (node-pty) or a docker exec with a TTY in a container (pod shells,
// through the Kubernetes exec API, are in agent/kube/pod-shell.ts). All
// look the same to the session manager: bytes out, bytes in, resize, kill, exit.
import { existsSync } from "node:fs";
import type Docker from "dockerode";
import type { Duplex } from "node:stream";
import { inheritedEnv } from "../env";

export interface Shell {
  write(data: Buffer): void;
  resize(cols: number, rows: number): void;
  kill(): void;
  onData(listener: (chunk: Buffer) => void): void;
  onExit(listener: (code: number | null) => void): void;
}

export async function hostShell(cols: number, rows: number): Promise<Shell> {
  const pty = await import("@lydell/node-pty");
  const shell = existsSync("/bin/bash") ? "/bin/bash" : "/bin/sh";
  const env = inheritedEnv();
  const proc = pty.spawn(shell, ["-l"], {
    name: "xterm-256color",
    cols,
    rows,
    cwd: env.HOME ?? "/",
    env: { ...env, TERM: "xterm-256color" } as Record<string, string>,
  });
  return {
    write: (data) => proc.write(data.toString("utf8")),
    resize: (c, r) => proc.resize(c, r),
    kill: () => proc.kill(),
    onData: (listener) => void proc.onData((d) => listener(Buffer.from(d, "utf8"))),
    onExit: (listener) => void proc.onExit(({ exitCode }) => listener(exitCode)),
  };
}

/** `bash` when the image has it, else `sh` (busybox and alpine images have only sh). Pod shells use it too. */
export const SHELL_FALLBACK = ["/bin/sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi"];

export async function containerShell(docker: Docker, containerId: string, cols: number, rows: number): Promise<Shell> {
  const container = docker.getContainer(containerId);
  const exec = await container.exec({
    Cmd: SHELL_FALLBACK,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    Env: ["TERM=xterm-256color"],
  });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
  await exec.resize({ w: cols, h: rows }).catch(() => {});
  const exitListeners: ((code: number | null) => void)[] = [];
  stream.on("end", async () => {
    const info = await exec.inspect().catch(() => null);
    for (const l of exitListeners) l(info?.ExitCode ?? null);
  });
  return {
    write: (data) => stream.write(data),
    resize: (c, r) => void exec.resize({ w: c, h: r }).catch(() => {}),
    kill: () => stream.destroy(),
    onData: (listener) => void stream.on("data", (chunk: Buffer) => listener(chunk)),
    onExit: (listener) => void exitListeners.push(listener),
  };
}
