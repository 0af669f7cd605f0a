// Shared by the agent's Docker integration tests: unique names, locally built images (no registry
// is reachable) and cleanup of exactly what a test created, by id.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { ContainerSpec } from "@/lib/protocol/agent";
import { NO_HOST_ACCESS } from "@/lib/protocol/host-reach";
import { docker } from "./client";

const run = promisify(execFile);

export const uniqueName = (prefix: string) => `wh-test-${prefix}-${randomBytes(3).toString("hex")}`;

/** Builds `FROM local/busybox:1` + `lines` with the docker CLI; returns the image id. */
export async function buildImage(tag: string, lines: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "wh-build-"));
  try {
    await writeFile(path.join(dir, "Dockerfile"), ["FROM local/busybox:1", ...lines].join("\n") + "\n");
    const { stdout } = await run("docker", ["build", "-q", "-t", tag, dir]);
    return stdout.trim().split("\n").pop()!;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `count` distinct TCP ports nothing listens on right now (all held open together, so no repeats). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once("error", reject);
          server.listen(0, "0.0.0.0", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export function containerSpec(overrides: Partial<ContainerSpec> & Pick<ContainerSpec, "name" | "image">): ContainerSpec {
  return {
    registryAuth: null,
    env: {},
    ports: [],
    volumes: [],
    network: "",
    restart: "no",
    command: [],
    labels: {},
    stopSignal: "",
    stopTimeoutSeconds: 2,
    redact: [],
    hostAccess: NO_HOST_ACCESS,
    ...overrides,
  };
}

export const inspect = (idOrName: string) => docker().getContainer(idOrName).inspect();

/** Polls `check` until it returns true (or throws after `timeoutMs`): container output and events arrive asynchronously. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** What a test created, removed by id in afterAll. */
export class Created {
  containers = new Set<string>();
  networks = new Set<string>();
  volumes = new Set<string>();
  images = new Set<string>();

  async cleanup(): Promise<void> {
    const d = docker();
    const quietly = (p: Promise<unknown>) => p.catch(() => {});
    for (const id of this.containers) await quietly(d.getContainer(id).remove({ force: true, v: true }));
    for (const id of this.networks) await quietly(d.getNetwork(id).remove());
    for (const name of this.volumes) await quietly(d.getVolume(name).remove());
    for (const id of this.images) await quietly(d.getImage(id).remove({ force: true }));
  }
}
