// Real hosts mostly have the `docker compose` v2 plugin; older ones (and Debian's package) only
// the `docker-compose` v1 binary. Both take the same arguments for what the agent runs, so every
// compose call goes through `composeArgv` and only the command prefix differs.
import { runProcess } from "./run-process";

export type ComposeFlavor = "v2" | "v1";

let detected: Promise<ComposeFlavor | null> | undefined;

async function detect(): Promise<ComposeFlavor | null> {
  if ((await runProcess("docker", ["compose", "version"], { timeoutMs: 15_000 })).code === 0) return "v2";
  if ((await runProcess("docker-compose", ["version"], { timeoutMs: 15_000 })).code === 0) return "v1";
  return null;
}

/** Which compose command this host has; detected once per process (installing one needs an agent restart). */
export function detectCompose(): Promise<ComposeFlavor | null> {
  detected ??= detect();
  return detected;
}

/** The command and argv for `compose <args>` on this host; throws a clear error when neither is installed. */
export async function composeArgv(args: string[]): Promise<{ cmd: string; argv: string[] }> {
  const flavor = await detectCompose();
  if (flavor === "v2") return { cmd: "docker", argv: ["compose", ...args] };
  if (flavor === "v1") return { cmd: "docker-compose", argv: args };
  throw new Error("Docker Compose is not installed on this host: install the `docker compose` plugin (or `docker-compose`) and restart the agent");
}
