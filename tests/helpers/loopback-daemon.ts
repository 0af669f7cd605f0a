// Shared by the loopback stand-ins for what lives outside the machine (git-servers.ts, registry.ts):
// start a real daemon on a free 127.0.0.1 port, wait until it accepts connections, and stop exactly
// the processes it started.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import { promisify } from "node:util";
import { until } from "./core-agent";

export const run = promisify(execFile);

/** Fails loudly, with how to get it, when a tool the loopback servers need is not installed. */
export function requireTool(file: string, pkg: string): void {
  if (!existsSync(file)) {
    throw new Error(`${file} is missing (Debian package ${pkg}): run \`sudo bash scripts/ensure-test-tools.sh\`, which installs it.`);
  }
}

/** A TCP port nothing listens on right now. A daemon may still lose it to a race: `startDaemon` retries. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

export interface Daemon {
  port: number;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Spawns `argsFor(port)` on a free port in its own process group (git daemon and sshd fork a child per
 * connection, and stop() must end those too), and resolves once the port accepts connections.
 */
export async function startDaemon(what: string, file: string, argsFor: (port: number) => string[], env?: Record<string, string | undefined>): Promise<Daemon> {
  let lastOutput = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(file, argsFor(port), { env: (env ?? process.env) as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    let gone = false;
    const exited = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", (err) => {
        output += String(err);
        resolve(); // it never started, so no "exit" will come
      });
    }).then(() => {
      gone = true;
    });
    const stop = async () => {
      if (!gone && child.pid) {
        try {
          process.kill(-child.pid, "SIGTERM"); // the group we created: the daemon and its per-connection children
        } catch {
          // already gone
        }
      }
      await exited;
    };
    let up: string;
    try {
      up = await until(async () => (gone ? "exited" : (await accepts(port)) && "up"), `${what} to listen on 127.0.0.1:${port}`, 30_000);
    } catch (err) {
      await stop();
      throw new Error(`${(err as Error).message}\n${output.trim()}`);
    }
    if (up === "up") return { port, child, output: () => output, stop };
    lastOutput = output;
    await stop();
  }
  throw new Error(`${what} did not start (${file}):\n${lastOutput.trim()}`);
}
