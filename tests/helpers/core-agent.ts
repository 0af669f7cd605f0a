// A real core socket endpoint (the same router and channels server.ts serves, without Next)
// and a real agent process dialling it, for tests of the execution spine.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import type { Actor } from "@/lib/authz/actor";
import { db } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { channels } from "@/lib/realtime/channels";
import { createSocketRouter } from "@/lib/realtime/socket-router";

export async function startCore(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const route = createSocketRouter(channels);
  const upgraded = new Set<import("node:stream").Duplex>();
  server.on("upgrade", (req, socket, head) => {
    upgraded.add(socket);
    socket.on("close", () => upgraded.delete(socket));
    if (!route(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    // Upgraded sockets are no longer the HTTP server's: end them here or close() waits forever.
    close: () => new Promise((resolve) => (upgraded.forEach((s) => s.destroy()), server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export interface AgentProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function startAgent(coreUrl: string, stateDir: string, token?: string, extraArgs: string[] = []): AgentProcess {
  const args = ["agent/main.ts", "--core", coreUrl, "--state-dir", stateDir, ...(token ? ["--token", token] : []), ...extraArgs];
  // `node --import tsx` rather than the tsx binary: the pid must be the agent itself, so that
  // SIGKILL in a test kills the agent and not just a wrapper around it.
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, AGENT_STATE_DIR: stateDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function stopAgent(agent: AgentProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (agent.child.exitCode === null && agent.child.signalCode === null) agent.child.kill(signal);
  await agent.exited;
}

/** Polls until the condition holds; the message says what was awaited. */
export async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}`);
}

export async function finishedUpdate(updateId: string, timeoutMs = 120_000) {
  return until(
    async () => {
      const u = await db.update.findUnique({ where: { id: updateId }, include: { logs: { orderBy: { startedAt: "asc" } } } });
      return u?.status === "Complete" ? u : null;
    },
    `update ${updateId} to complete`,
    timeoutMs,
  );
}

export function logText(update: { logs: { stdout: string; stderr: string }[] }) {
  return update.logs.map((l) => l.stdout + l.stderr).join("\n");
}

export interface ConnectedAgent {
  core: Awaited<ReturnType<typeof startCore>>;
  agent: AgentProcess;
  /** The Server or Cluster the agent enrolled for. */
  id: string;
  /** Stops the agent and core, and removes the agent's state folder. */
  close: () => Promise<void>;
}

/**
 * A core and a real agent enrolled for a new Server (or, with `--kubeconfig` among the args, a
 * Cluster) named `name`, resolved once the agent reports in. The usual first step of a spine test.
 */
export async function connectAgent(admin: Actor, kind: "server" | "cluster", name: string, args: string[] = []): Promise<ConnectedAgent> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), `wh-${kind}-agent-`));
  const core = await startCore();
  const id = (await createResource(admin, kind, { name })).id;
  const { token } = await createEnrollmentToken(admin, id, kind);
  const agent = startAgent(core.url, stateDir, token, args);
  const close = async () => {
    await stopAgent(agent);
    await core.close();
    rmSync(stateDir, { recursive: true, force: true });
  };
  const status = async () =>
    (
      (kind === "server" ? await db.server.findUnique({ where: { id } }) : await db.cluster.findUnique({ where: { id } }))?.info as
        { status?: string } | undefined
    )?.status;
  // An agent that never connects is stopped with its core: the caller has nothing to close yet.
  await until(async () => (await status()) === "ok", `the agent of ${kind} ${name} to connect:\n${agent.output()}`, 60_000).catch(async (e) => {
    await close();
    throw e;
  });
  return { core, agent, id, close };
}
