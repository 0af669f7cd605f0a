// Server housekeeping end to end: the execute route → lib/executions/server.ts → a command to a
// real agent → the real Docker engine, each run an Update credited to whoever ran it, with a
// line per container or item. Start/stop/restart-all are limited by a label to this test's own
// containers (the engine is shared); everything is checked against what docker inspect shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as execute from "@/app/api/v1/[type]/[id]/execute/[operation]/route";
import { docker } from "@/agent/docker/client";
import { Created, buildImage, uniqueName } from "@/agent/docker/test-support";
import { db } from "@/lib/db";
import { ensureDocker } from "@/scripts/lib/docker";
import { connectAgent, finishedUpdate, logText } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { grant } from "../helpers/resources";
import { call } from "../helpers/routes";

const created = new Created();
const LOOP = 'CMD ["sh", "-c", "trap \\"exit 0\\" TERM; while true; do sleep 0.2; done"]';
const image = `local/${uniqueName("hk-core")}:1`;
let disconnect: (() => Promise<void>) | undefined;
let admin: TestUser;
let reader: TestUser;
let serverId: string;

const run = (user: TestUser, operation: string, body?: unknown) =>
  call(execute, "POST", `/api/v1/servers/${serverId}/execute/${operation}`, {
    key: user.key,
    params: { type: "servers", id: serverId, operation },
    body,
  });
async function ran(user: TestUser, operation: string, body?: unknown) {
  const res = await run(user, operation, body);
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  return finishedUpdate(res.json.updateId);
}
async function container(labels: Record<string, string>, opts: { start?: boolean; image?: string; volume?: string } = {}) {
  const c = await docker().createContainer({
    name: uniqueName("hk"),
    Image: opts.image ?? image,
    Labels: labels,
    StopTimeout: 5,
    HostConfig: opts.volume ? { Binds: [`${opts.volume}:/data`] } : {},
  });
  created.containers.add(c.id);
  if (opts.start !== false) await c.start();
  const info = await c.inspect();
  return { id: c.id, name: info.Name.replace(/^\//, "") };
}
const status = async (id: string) => (await docker().getContainer(id).inspect()).State.Status;
const exists = (p: Promise<unknown>) =>
  p.then(
    () => true,
    (e: { statusCode?: number }) => (e.statusCode === 404 ? false : Promise.reject(e)),
  );

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  reader = await makeUser();
  created.images.add(await buildImage(image, [LOOP]));
  ({ id: serverId, close: disconnect } = await connectAgent(admin.actor, "server", `housekeeping-${Date.now().toString(36)}`));
  await grant({ userId: reader.id }, "server", "Read", { id: serverId });
}, 600_000);

afterAll(async () => {
  await disconnect?.();
  await created.cleanup();
});

describe("start, stop and restart all containers", () => {
  it("runs each as an Update on the agent, a line per container, credited to who ran it", async () => {
    const value = uniqueName("all");
    const label = `wheelhouse.test.housekeeping=${value}`;
    const [a, b] = [await container({ "wheelhouse.test.housekeeping": value }), await container({ "wheelhouse.test.housekeeping": value })];
    const outsider = await container({ "wheelhouse.test.housekeeping": uniqueName("other") });

    const stopped = await ran(admin, "stop-all-containers", { label });
    expect(stopped).toMatchObject({ operation: "StopAllContainers", targetType: "server", targetId: serverId, operatorId: admin.id, success: true });
    expect(stopped.newConfig).toEqual({ label });
    expect(logText(stopped)).toContain(`Stopped ${a.name} (${a.id.slice(0, 12)})`);
    expect(logText(stopped)).toContain(`Stopped ${b.name} (${b.id.slice(0, 12)})`);
    expect(await Promise.all([a.id, b.id, outsider.id].map(status))).toEqual(["exited", "exited", "running"]);

    const started = await ran(admin, "start-all-containers", { label });
    expect(started).toMatchObject({ operation: "StartAllContainers", success: true });
    expect(logText(started)).toContain(`Started ${a.name}`);
    expect(await Promise.all([a.id, b.id].map(status))).toEqual(["running", "running"]);

    const before = (await docker().getContainer(a.id).inspect()).State.StartedAt;
    const restarted = await ran(admin, "restart-all-containers", { label });
    expect(restarted).toMatchObject({ operation: "RestartAllContainers", success: true });
    expect(logText(restarted)).toContain(`Restarted ${b.name}`);
    expect((await docker().getContainer(a.id).inspect()).State.StartedAt).not.toBe(before);
  });
});

describe("delete an image, a volume or a network from the inventory", () => {
  it("deletes unused ones, recording on the Update what was deleted", async () => {
    const tag = `local/${uniqueName("unused")}:1`;
    const imageId = await buildImage(tag, [`LABEL wheelhouse.test=${tag}`]);
    created.images.add(imageId);
    const volume = uniqueName("vol");
    await docker().createVolume({ Name: volume });
    created.volumes.add(volume);
    const network = await docker().createNetwork({ Name: uniqueName("net") });
    created.networks.add(network.id);

    const image = await ran(admin, "delete-image", { image: imageId });
    expect(image).toMatchObject({ operation: "DeleteImage", operatorId: admin.id, success: true, newConfig: { image: imageId, force: false } });
    expect(logText(image)).toContain(`Untagged: ${tag}`);
    expect(await exists(docker().getImage(imageId).inspect())).toBe(false);

    const vol = await ran(admin, "delete-volume", { volume });
    expect(vol).toMatchObject({ operation: "DeleteVolume", success: true, newConfig: { volume } });
    expect(logText(vol)).toContain(`Deleted volume ${volume}`);
    expect(await exists(docker().getVolume(volume).inspect())).toBe(false);

    const net = await ran(admin, "delete-network", { network: network.id });
    expect(net).toMatchObject({ operation: "DeleteNetwork", success: true, newConfig: { network: network.id } });
    expect(await exists(network.inspect())).toBe(false);
  });

  it("refuses an image a container uses (unless forced), a volume in use and a missing network: the Update fails saying why, nothing changes", async () => {
    const tag = `local/${uniqueName("used")}:1`;
    const imageId = await buildImage(tag, [LOOP, `LABEL wheelhouse.test=${tag}`]);
    created.images.add(imageId);
    const volume = uniqueName("vol-used");
    await docker().createVolume({ Name: volume });
    created.volumes.add(volume);
    const user = await container({ "wheelhouse.test.housekeeping": uniqueName("user") }, { image: tag, start: false, volume });

    const image = await ran(admin, "delete-image", { image: tag });
    expect(image.success).toBe(false);
    expect(image.error).toBe(`Image ${tag} is used by container(s) ${user.name}: remove them first, or delete with force`);
    expect((await docker().getImage(imageId).inspect()).RepoTags).toEqual([tag]);

    const vol = await ran(admin, "delete-volume", { volume });
    expect(vol.success).toBe(false);
    expect(vol.error).toBe(`Volume ${volume} is in use by container(s) ${user.name}: remove them first`);
    expect(await exists(docker().getVolume(volume).inspect())).toBe(true);

    const missing = uniqueName("no-such-net");
    const net = await ran(admin, "delete-network", { network: missing });
    expect(net).toMatchObject({ success: false, error: `Network ${missing} does not exist on this host` });

    // Forced, with the container stopped: the image goes, the container stays.
    const forced = await ran(admin, "delete-image", { image: tag, force: true });
    expect(forced.success, forced.error ?? "").toBe(true);
    expect(await exists(docker().getImage(imageId).inspect())).toBe(false);
    expect(await status(user.id)).toBe("created");
  });

  it("answers 400 with the field for a body that names nothing or something unsafe, and starts nothing", async () => {
    const before = await db.update.count();
    const cases: [string, unknown, string][] = [
      ["delete-image", {}, "image"],
      ["delete-image", { image: "../../containers/x" }, "image"],
      ["delete-volume", { volume: "a b" }, "volume"],
      ["delete-network", { network: "x", extra: 1 }, "extra"],
      ["stop-all-containers", { label: "a=b,c=d" }, "label"],
    ];
    for (const [operation, body, field] of cases) {
      const res = await run(admin, operation, body);
      expect(res.status, `${operation} ${JSON.stringify(body)}`).toBe(400);
      expect(Object.keys(res.json.error.fields), `${operation} ${JSON.stringify(body)}`).toEqual([field]);
    }
    expect(await db.update.count()).toBe(before);
  });
});

describe("who may run them", () => {
  it("refuses (403) someone with only Read on the server, for every one of them, with nothing changed", async () => {
    const value = uniqueName("read");
    const label = `wheelhouse.test.housekeeping=${value}`;
    const running = await container({ "wheelhouse.test.housekeeping": value });
    const idle = await container({ "wheelhouse.test.housekeeping": value }, { start: false });
    const volume = uniqueName("vol-read");
    await docker().createVolume({ Name: volume });
    created.volumes.add(volume);
    const network = await docker().createNetwork({ Name: uniqueName("net-read") });
    created.networks.add(network.id);
    const tag = `local/${uniqueName("read")}:1`;
    created.images.add(await buildImage(tag, [`LABEL wheelhouse.test=${tag}`]));
    const before = await db.update.count();

    const attempts: [string, unknown][] = [
      ["stop-all-containers", { label }],
      ["restart-all-containers", { label }],
      ["start-all-containers", { label }],
      ["delete-image", { image: tag, force: true }],
      ["delete-volume", { volume }],
      ["delete-network", { network: network.id }],
    ];
    for (const [operation, body] of attempts) {
      const res = await run(reader, operation, body);
      expect(res.status, operation).toBe(403);
    }
    expect(await db.update.count()).toBe(before);
    expect(await status(running.id)).toBe("running");
    expect(await status(idle.id)).toBe("created");
    expect(await exists(docker().getVolume(volume).inspect())).toBe(true);
    expect(await exists(network.inspect())).toBe(true);
    expect(await exists(docker().getImage(tag).inspect())).toBe(true);
  });
});
