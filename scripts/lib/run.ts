import { spawn } from "node:child_process";

/** Runs a command with inherited output; resolves with its exit code. */
export function run(cmd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", () => resolve(127));
  });
}

export async function runOrExit(cmd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<void> {
  const code = await run(cmd, args, env);
  if (code !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(" ")} exited with ${code}`);
    process.exit(code);
  }
}

export const bin = (name: string) => `node_modules/.bin/${name}`;
