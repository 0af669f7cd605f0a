// Docker events, inventory and host stats against the real engine and the real /proc.
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZAgentMessage, ZStatsSample } from "@/lib/protocol/agent";
import { ensureDocker } from "@/scripts/lib/docker";
import { docker } from "./client";
import { type ContainerEvent, watchContainerEvents } from "./events";
import { createHostSampler } from "./host-stats";
import { inventory, prune } from "./inventory";
import { Created, buildImage, eventually, uniqueName } from "./test-support";

const created = new Created();
const image = `local/${uniqueName("events")}:1`;

beforeAll(async () => {
  await ensureDocker();
  created.images.add(await buildImage(image, ['CMD ["sh", "-c", "echo hi; sleep 0.3; exit 3"]']));
});

afterAll(() => created.cleanup());

/**
 * The stream only carries what happens after it opens, and nothing says when that is: a probe
 * created before it opened is never reported. So probe again each second until one is.
 */
async function streamOpen(events: ContainerEvent[]) {
  const probes = new Set<string>();
  let lastProbe = 0;
  await eventually(async () => {
    if (events.some((e) => probes.has(e.id))) return true;
    if (Date.now() - lastProbe >= 1_000) {
      lastProbe = Date.now();
      const probe = await docker().createContainer({ Image: image });
      created.containers.add(probe.id);
      probes.add(probe.id);
    }
    return false;
  }, "the event stream to open");
}

describe("watchContainerEvents", () => {
  it("reports a container's create, start and die with its name, state and labels, until unsubscribed", async () => {
    const events: ContainerEvent[] = [];
    const unsubscribe = watchContainerEvents((e) => events.push(e));
    await streamOpen(events);
    const name = uniqueName("evt");
    const container = await docker().createContainer({ name, Image: image, Labels: { "wheelhouse.test": "events" } });
    created.containers.add(container.id);
    await container.start();
    await eventually(() => events.some((e) => e.id === container.id && e.action === "die"), "a die event");
    const mine = events.filter((e) => e.id === container.id);
    expect(mine.map((e) => [e.action, e.state])).toEqual([
      ["create", "created"],
      ["start", "running"],
      ["die", "exited"],
    ]);
    expect(mine[1]).toMatchObject({ container: name, labels: { "wheelhouse.test": "events" } });
    expect(mine[1]?.labels).not.toHaveProperty("image");

    unsubscribe();
    const count = events.length;
    await container.start();
    await new Promise((r) => setTimeout(r, 800));
    expect(events.length).toBe(count);
  });
});

/** A unix socket in front of the real engine whose connections can be cut, as a dockerd restart would. */
async function cuttableProxy(): Promise<{ client: Docker; cut: () => void; close: () => void }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "wh-proxy-"));
  const socketPath = path.join(dir, "docker.sock");
  const open = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect("/var/run/docker.sock");
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on("close", () => open.delete(s));
      s.on("error", () => {});
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    client: new Docker({ socketPath }),
    cut: () => open.forEach((s) => s.destroy()),
    close: () => {
      open.forEach((s) => s.destroy());
      server.close();
      void rm(dir, { recursive: true, force: true });
    },
  };
}

describe("watchContainerEvents after the stream drops", () => {
  it("reconnects and delivers what happened in between, without repeating what it already delivered", async () => {
    const proxy = await cuttableProxy();
    const events: ContainerEvent[] = [];
    const errors: string[] = [];
    const unsubscribe = watchContainerEvents(
      (e) => events.push(e),
      (m) => errors.push(m),
      proxy.client,
    );
    try {
      await streamOpen(events);
      const before = await docker().createContainer({ Image: image });
      created.containers.add(before.id);
      await eventually(() => events.some((e) => e.id === before.id), "the first container's create event");

      proxy.cut();
      await eventually(() => errors.length > 0, "the stream to report that it ended");
      expect(errors[0]).toMatch(/^Docker event stream (ended|closed|failed.*); reconnecting in 1s$/);
      const during = await docker().createContainer({ Image: image }); // while nobody listens
      created.containers.add(during.id);

      await eventually(() => events.some((e) => e.id === during.id), "the missed create event, after reconnecting");
      expect(events.filter((e) => e.id === before.id && e.action === "create")).toHaveLength(1);
    } finally {
      unsubscribe();
      proxy.close();
    }
  });
});

describe("inventory", () => {
  it("lists containers, images, networks and volumes in the protocol's shape", async () => {
    const name = uniqueName("inv");
    const container = await docker().createContainer({ name, Image: image, Labels: { "wheelhouse.test": "inventory" } });
    created.containers.add(container.id);
    const inv = await inventory();
    expect(() => ZAgentMessage.parse({ type: "inventory", ...inv })).not.toThrow();
    expect(inv.containers.find((c) => c.id === container.id)).toMatchObject({ name, image, state: "created", labels: { "wheelhouse.test": "inventory" } });
    expect(inv.images.some((i) => i.tags.includes(image))).toBe(true);
    expect(inv.networks.map((n) => n.name)).toContain("bridge");
  });

  it("prunes only what matches the label it is given", async () => {
    const [key, value] = ["wheelhouse.test.prune", uniqueName("p")] as const;
    const label = `${key}=${value}`;
    const stopped = await docker().createContainer({ Image: image, Labels: { [key]: value } });
    created.containers.add(stopped.id);
    const other = await docker().createContainer({ Image: image });
    created.containers.add(other.id);
    const result = await prune("containers", label);
    expect(result.deleted).toEqual([stopped.id]);
    expect((await other.inspect()).Id).toBe(other.id);
  });
});

describe("host stats", () => {
  it("samples sane host figures, CPU measured between two calls", async () => {
    const sample = createHostSampler();
    await sample();
    const busy = Date.now() + 300;
    while (Date.now() < busy); // some CPU work between the two samples
    const s = await sample();
    expect(() => ZStatsSample.parse(s)).not.toThrow();
    expect(s.cpuPercent).toBeGreaterThan(0);
    expect(s.cpuPercent).toBeLessThanOrEqual(100);
    expect(s.load.every((l) => l >= 0)).toBe(true);
    expect(s.memTotalBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(s.memUsedBytes).toBeGreaterThan(0);
    expect(s.memUsedBytes).toBeLessThan(s.memTotalBytes);
    const root = s.disks.find((d) => d.mount === "/");
    expect(root, `disks: ${JSON.stringify(s.disks)}`).toBeDefined();
    expect(root!.usedBytes).toBeGreaterThan(0);
    expect(root!.usedBytes).toBeLessThanOrEqual(root!.totalBytes);
    expect(new Set(s.disks.map((d) => d.mount)).size).toBe(s.disks.length);
    expect(s.disks.some((d) => d.mount.startsWith("/proc") || d.mount.startsWith("/sys"))).toBe(false);
    expect(s.netRxBytes).toBeGreaterThanOrEqual(0);
    expect(s.netTxBytes).toBeGreaterThanOrEqual(0);
    expect(Date.parse(s.at)).toBeGreaterThan(Date.now() - 5000);
  });
});
