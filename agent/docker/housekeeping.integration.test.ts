// Server housekeeping against the real engine, checked with docker inspect: start/stop/restart
// every container (limited by a label to this test's own, so the host's others are left alone),
// never the agent's own container, and deletes that either happen whole or change nothing.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDocker } from "@/scripts/lib/docker";
import { docker } from "./client";
import { allContainers, deleteImage, deleteNetwork, deleteVolume } from "./housekeeping";
import type { LogFn } from "./progress";
import { noStage } from "./progress";
import { containerIdFrom } from "./self";
import { Created, buildImage, inspect, uniqueName } from "./test-support";

const run = promisify(execFile);
// A shell that exits on SIGTERM (sleep as PID 1 would ignore it and make every stop wait).
const LOOP = 'CMD ["sh", "-c", "trap \\"exit 0\\" TERM; while true; do sleep 0.2; done"]';
const created = new Created();
const image = `local/${uniqueName("housekeeping")}:1`;

function recorder() {
  const lines: string[] = [];
  const log: LogFn = (_stage, stream, line) => lines.push(`${stream}: ${line}`);
  return { lines, log };
}

/** A container carrying `label`, running (or only created). */
async function container(label: string, opts: { start?: boolean; image?: string; volume?: string; network?: string } = {}) {
  const [key, value] = label.split("=") as [string, string];
  const c = await docker().createContainer({
    name: uniqueName("hk"),
    Image: opts.image ?? image,
    Labels: { [key]: value },
    StopTimeout: 5,
    HostConfig: { ...(opts.volume ? { Binds: [`${opts.volume}:/data`] } : {}), ...(opts.network ? { NetworkMode: opts.network } : {}) },
  });
  created.containers.add(c.id);
  if (opts.start !== false) await c.start();
  return c.id;
}
const status = async (id: string) => (await inspect(id)).State.Status;

beforeAll(async () => {
  await ensureDocker();
  created.images.add(await buildImage(image, [LOOP]));
});

afterAll(() => created.cleanup());

describe("start, stop and restart every container", () => {
  it("acts on each container once, line by line, and never stops or restarts the agent's own", async () => {
    const label = `wheelhouse.test.housekeeping=${uniqueName("all")}`;
    const [a, b, agentOwn] = [await container(label), await container(label), await container(label)];
    const idle = await container(label, { start: false });

    const stopped = recorder();
    const result = await allContainers("stop", stopped.log, noStage, { label, self: agentOwn });
    expect(await Promise.all([a, b, idle].map(status))).toEqual(["exited", "exited", "created"]);
    expect(await status(agentOwn)).toBe("running");
    const nameOf = async (id: string) => (await inspect(id)).Name.replace(/^\//, "");
    expect(result.done.sort()).toEqual((await Promise.all([a, b].map(nameOf))).sort());
    expect(result.skipped).toEqual([await nameOf(agentOwn)]);
    expect(stopped.lines.filter((l) => l.startsWith("stdout: Stopped "))).toHaveLength(2);
    expect(stopped.lines).toContainEqual(
      expect.stringMatching(new RegExp(`^stdout: Skipped .*\\(${agentOwn.slice(0, 12)}\\): it is the Wheelhouse agent's own container$`)),
    );

    const started = recorder();
    await allContainers("start", started.log, noStage, { label, self: agentOwn });
    expect(await Promise.all([a, b, idle, agentOwn].map(status))).toEqual(["running", "running", "running", "running"]);
    expect(started.lines.filter((l) => l.startsWith("stdout: Started "))).toHaveLength(3);

    const before = await Promise.all([a, b, idle, agentOwn].map(async (id) => (await inspect(id)).State.StartedAt));
    const restarted = recorder();
    await allContainers("restart", restarted.log, noStage, { label, self: agentOwn });
    const after = await Promise.all([a, b, idle, agentOwn].map(async (id) => (await inspect(id)).State.StartedAt));
    expect(after.slice(0, 3).every((t, i) => t !== before[i])).toBe(true);
    expect(after[3]).toBe(before[3]);
    expect(await Promise.all([a, b, idle].map(status))).toEqual(["running", "running", "running"]);
    expect(restarted.lines.filter((l) => l.startsWith("stdout: Restarted "))).toHaveLength(3);
  });

  it("says there is nothing to do when nothing matches", async () => {
    const { lines, log } = recorder();
    const result = await allContainers("stop", log, noStage, { label: `wheelhouse.test.housekeeping=${uniqueName("none")}`, self: null });
    expect(result).toEqual({ done: [], skipped: [], failed: [] });
    expect(lines).toEqual(["stdout: No container to stop"]);
  });

  it("recognises a real container's own id from what it sees in /proc/self", async () => {
    // What a process inside a container reads (the agent, when it runs in one), from the engine itself.
    const c = await docker().createContainer({ Image: image, Cmd: ["sh", "-c", "cat /proc/self/mountinfo; echo ===; cat /proc/self/cgroup"] });
    created.containers.add(c.id);
    await c.start();
    await c.wait();
    const { stdout } = await run("docker", ["logs", c.id]);
    const [mountinfo = "", cgroup = ""] = stdout.split("===\n");
    expect(containerIdFrom(mountinfo, cgroup)).toBe(c.id);
    // …and this test process, which runs on the host, is in no container the engine knows.
    const { readFileSync } = await import("node:fs");
    const own = containerIdFrom(readFileSync("/proc/self/mountinfo", "utf8"), readFileSync("/proc/self/cgroup", "utf8"));
    const known = (await docker().listContainers({ all: true })).map((x) => x.Id);
    expect(own === null || !known.includes(own)).toBe(true);
  });
});

describe("delete an image, a volume or a network", () => {
  it("deletes an unused image, and refuses a missing one", async () => {
    const tag = `local/${uniqueName("unused")}:1`;
    const id = await buildImage(tag, [`LABEL wheelhouse.test=${tag}`]);
    created.images.add(id);
    const { lines, log } = recorder();
    const result = await deleteImage(tag, false, log, noStage);
    expect(result.id).toBe(id);
    await expect(docker().getImage(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(lines).toContain(`stdout: Untagged: ${tag}`);
    expect(lines).toContainEqual(expect.stringMatching(/^stdout: Deleted: sha256:/));
    await expect(deleteImage(tag, false, log, noStage)).rejects.toThrow(`Image ${tag} does not exist on this host`);
  });

  it("refuses an image a container uses unless forced, and even forced while one runs", async () => {
    const tag = `local/${uniqueName("used")}:1`;
    const id = await buildImage(tag, [LOOP, `LABEL wheelhouse.test=${tag}`]); // its own image, used by nothing else
    created.images.add(id);
    const label = `wheelhouse.test.housekeeping=${uniqueName("img")}`;
    const user = await container(label, { image: tag, start: false });
    await expect(deleteImage(tag, false, recorder().log, noStage)).rejects.toThrow(
      new RegExp(`^Image ${tag} is used by container\\(s\\) wh-test-hk-\\w+: remove them first, or delete with force$`),
    );
    expect((await docker().getImage(id).inspect()).RepoTags).toEqual([tag]);

    await docker().getContainer(user).start();
    await expect(deleteImage(tag, true, recorder().log, noStage)).rejects.toThrow(
      /is used by running container\(s\) wh-test-hk-\w+: stop and remove them first$/,
    );
    expect((await docker().getImage(id).inspect()).RepoTags).toEqual([tag]);

    await docker().getContainer(user).stop({ t: 5 });
    await deleteImage(tag, true, recorder().log, noStage);
    await expect(docker().getImage(tag).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it("deletes an unused volume; refuses one in use and a missing one", async () => {
    const [used, unused] = [uniqueName("vol-used"), uniqueName("vol-free")];
    for (const Name of [used, unused]) await docker().createVolume({ Name });
    created.volumes.add(used).add(unused);
    await container(`wheelhouse.test.housekeeping=${uniqueName("vol")}`, { volume: used, start: false });

    await expect(deleteVolume(used, recorder().log, noStage)).rejects.toThrow(
      new RegExp(`^Volume ${used} is in use by container\\(s\\) wh-test-hk-\\w+: remove them first$`),
    );
    expect((await docker().getVolume(used).inspect()).Name).toBe(used);

    const { lines, log } = recorder();
    await deleteVolume(unused, log, noStage);
    await expect(docker().getVolume(unused).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(lines).toEqual([`stdout: Deleted volume ${unused}`]);
    await expect(deleteVolume(unused, log, noStage)).rejects.toThrow(`Volume ${unused} does not exist on this host`);
  });

  it("deletes an unused network; refuses one a container uses, Docker's own, and a missing one", async () => {
    const used = await docker().createNetwork({ Name: uniqueName("net-used") });
    const unused = await docker().createNetwork({ Name: uniqueName("net-free") });
    created.networks.add(used.id).add(unused.id);
    const usedName = (await used.inspect()).Name as string;
    await container(`wheelhouse.test.housekeeping=${uniqueName("net")}`, { network: usedName, start: false });

    await expect(deleteNetwork(used.id, recorder().log, noStage)).rejects.toThrow(
      new RegExp(`^Network ${usedName} is used by container\\(s\\) wh-test-hk-\\w+: disconnect or remove them first$`),
    );
    expect((await used.inspect()).Id).toBe(used.id);
    await expect(deleteNetwork("bridge", recorder().log, noStage)).rejects.toThrow("Network bridge is one of Docker's own and can't be deleted");

    const { lines, log } = recorder();
    const name = (await unused.inspect()).Name as string;
    await deleteNetwork(name, log, noStage);
    await expect(unused.inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(lines).toEqual([`stdout: Deleted network ${name} (${unused.id.slice(0, 12)})`]);
    await expect(deleteNetwork(name, log, noStage)).rejects.toThrow(`Network ${name} does not exist on this host`);
  });
});
