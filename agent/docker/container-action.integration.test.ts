// Container actions against the real engine, checked with docker inspect; and the log reader
// (tail, follow, stdout/stderr kept apart) on the same containers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDocker } from "@/scripts/lib/docker";
import { docker } from "./client";
import { containerAction } from "./container-action";
import { deployContainer } from "./deploy";
import { findContainer } from "./find-container";
import { type LogLine, followLogs, tailLogs } from "./logs";
import { noLog, noStage } from "./progress";
import { Created, buildImage, containerSpec, eventually, inspect, uniqueName } from "./test-support";

const created = new Created();
const image = `local/${uniqueName("action")}:1`;

async function start(overrides: Partial<Parameters<typeof containerSpec>[0]> = {}) {
  const name = uniqueName("c");
  const { containerId } = await deployContainer(containerSpec({ name, image, ...overrides }), noLog, noStage);
  created.containers.add(containerId);
  return { name, id: containerId };
}

beforeAll(async () => {
  await ensureDocker();
  // A shell that exits on SIGTERM (sleep as PID 1 would ignore it and make every stop wait).
  created.images.add(await buildImage(image, ['CMD ["sh", "-c", "trap \\"exit 0\\" TERM; echo started; while true; do sleep 0.2; done"]']));
});

afterAll(() => created.cleanup());

describe("containerAction", () => {
  it("stops, starts, restarts, pauses and unpauses, as docker inspect shows", async () => {
    const { name, id } = await start();
    await containerAction(name, "stop", 5);
    expect((await inspect(id)).State.Status).toBe("exited");
    await containerAction(name, "stop", 5); // already stopped: still fine
    await containerAction(name, "start");
    expect((await inspect(id)).State.Status).toBe("running");
    const startedAt = (await inspect(id)).State.StartedAt;
    await containerAction(name, "restart", 5);
    const restarted = await inspect(id);
    expect(restarted.State.Running).toBe(true);
    expect(restarted.State.StartedAt).not.toBe(startedAt);
    await containerAction(name, "pause");
    expect((await inspect(id)).State.Status).toBe("paused");
    await expect(containerAction(name, "start")).rejects.toThrow(`Container ${name} is paused: unpause it instead`);
    await containerAction(name, "unpause");
    expect((await inspect(id)).State.Status).toBe("running");
    await containerAction(name, "pause");
    await containerAction(name, "destroy", 5); // a paused container can be destroyed too
    expect(await findContainer(id)).toBeNull();
  });

  it("destroys a container with its anonymous volumes and keeps named ones", async () => {
    const named = uniqueName("keep");
    created.volumes.add(named);
    const { name, id } = await start({ volumes: [`${named}:/keep`, "/scratch"] });
    const anonymous = (await inspect(id)).Mounts.find((m) => m.Destination === "/scratch")!.Name!;
    created.volumes.add(anonymous);
    await containerAction(name, "destroy", 5);
    expect(await findContainer(id)).toBeNull();
    await expect(docker().getVolume(anonymous).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect((await docker().getVolume(named).inspect()).Name).toBe(named);
  });

  it("says clearly when the container does not exist or can't be paused", async () => {
    const missing = uniqueName("ghost");
    for (const action of ["start", "stop", "restart", "pause", "unpause", "destroy"] as const) {
      await expect(containerAction(missing, action)).rejects.toThrow(`Container ${missing} does not exist on this host`);
    }
    const { name } = await start();
    await containerAction(name, "stop", 5);
    await expect(containerAction(name, "pause")).rejects.toThrow(`Container ${name} is not running, so it can't be paused`);
  });
});

describe("logs", () => {
  it("tails the last lines, keeping stdout and stderr apart, with optional timestamps", async () => {
    // stdout and stderr are separate pipes: the pause keeps their order in the log predictable.
    const { id } = await start({ command: ["sh", "-c", "echo err-1 >&2; sleep 0.5; for i in 1 2 3 4 5; do echo out-$i; done; sleep 1000"] });
    await eventually(async () => (await tailLogs(id, { tail: 100 })).length === 6, "six log lines");
    const all = await tailLogs(id, { tail: 100 });
    expect(all[0]).toEqual({ stream: "stderr", line: "err-1" });
    expect(all.slice(1).every((l) => l.stream === "stdout")).toBe(true);
    expect(await tailLogs(id, { tail: 2 })).toEqual([
      { stream: "stdout", line: "out-4" },
      { stream: "stdout", line: "out-5" },
    ]);
    const stamped = await tailLogs(id, { tail: 1, timestamps: true });
    expect(stamped[0]?.line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z out-5$/);
  });

  it("follows new lines until cancelled, and ends when the container stops", async () => {
    const { id, name } = await start({ command: ["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done"] });
    const seen: LogLine[] = [];
    let ended: Error | undefined | "no" = "no";
    const cancel = await followLogs(
      id,
      { tail: 1 },
      (l) => seen.push(l),
      (err) => (ended = err),
    );
    await eventually(() => seen.length >= 3, "three followed lines");
    const numbers = seen.map((l) => Number(l.line.replace("tick-", "")));
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i)); // in order, none lost
    cancel();
    const count = seen.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(seen.length).toBe(count);
    expect(ended).toBe("no");

    const followed: LogLine[] = [];
    let end: Error | undefined | "no" = "no";
    await followLogs(
      name,
      { tail: 1 },
      (l) => followed.push(l),
      (err) => (end = err),
    );
    await containerAction(name, "stop", 5);
    await eventually(() => end === undefined, "the log stream to end when the container stops");
  });

  it("says clearly when the container does not exist", async () => {
    const missing = uniqueName("ghost");
    await expect(tailLogs(missing, { tail: 10 })).rejects.toThrow(`Container ${missing} does not exist on this host`);
  });
});
