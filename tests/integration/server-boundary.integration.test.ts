// A Server is a boundary. Placing work on it and running anything there needs Execute on the
// Server; reaching its host (privileged, host namespaces, host paths, the Docker socket,
// capabilities, pre/post-deploy commands) needs the Server's host access AND the Terminal
// permission on it; and a Deployment or Stack only ever touches its own containers. Real core,
// real agent, real Docker engine: every refusal is checked against what the engine shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { containerAction, deploy } from "@/lib/executions/deployment";
import { tailLogs } from "@/lib/executions/logs";
import { deployStack } from "@/lib/executions/stack";
import { createResource, updateResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { Created } from "@/agent/docker/test-support";
import { docker } from "@/agent/docker/client";
import { connectAgent, finishedUpdate, logText } from "../helpers/core-agent";
import { refusalOf } from "../helpers/refusal";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { grant } from "../helpers/resources";

const IMAGE = "local/busybox:1";
const created = new Created();
const suffix = Date.now().toString(36);
let disconnect: (() => Promise<void>) | undefined;
let admin: TestUser;
let alice: TestUser;
let serverId: string;

async function containerNamed(name: string) {
  const found = await docker().listContainers({ all: true, filters: { name: [`^/${name}$`] } });
  for (const c of found) created.containers.add(c.Id);
  return found[0];
}
const projectContainers = async (project: string) => {
  const found = await docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
  for (const c of found) created.containers.add(c.Id);
  return found;
};
/** A new actor object per call, as each request has: grants are cached per actor object. */
const fresh = (user: TestUser) => ({ ...user.actor });

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  alice = await makeUser();
  ({ id: serverId, close: disconnect } = await connectAgent(admin.actor, "server", `boundary-${suffix}`));
  // Alice owns her deployments and stacks; what she may do on the server is set per test.
  await grant({ userId: alice.id }, "deployment", "Write", { pattern: "alice-*" }, { specific: ["Logs", "Terminal"] });
  await grant({ userId: alice.id }, "stack", "Write", { pattern: "alice-*" });
}, 600_000);

afterAll(async () => {
  for (const project of [`alice-stack-${suffix}`, `alice-var-${suffix}`]) await projectContainers(project);
  await disconnect?.();
  await created.cleanup();
});

async function setServerAccess(level: "Read" | "Execute", specific: string[] = []) {
  await db.permission.deleteMany({ where: { userId: alice.id, resourceType: "server" } });
  await grant({ userId: alice.id }, "server", level, { id: serverId }, { specific });
}

describe("placing and running work on a server needs Execute on it", () => {
  it("Read on the server can't place a deployment or a stack there, nor run one placed by someone else", async () => {
    await setServerAccess("Read");
    const placed = await refusalOf(createResource(fresh(alice), "deployment", { name: `alice-web-${suffix}`, config: { serverId, image: IMAGE } }));
    expect(placed?.fields).toEqual({ "config.serverId": [`Using server boundary-${suffix} here needs Execute permission on it`] });
    const stack = await refusalOf(createResource(fresh(alice), "stack", { name: `alice-s-${suffix}`, config: { serverId } }));
    expect(stack?.fields?.["config.serverId"]).toBeDefined();
    expect(await db.deployment.count({ where: { name: `alice-web-${suffix}` } })).toBe(0);

    // An admin placed it; Alice may execute the deployment but not on the server.
    const d = await createResource(admin.actor, "deployment", {
      name: `alice-placed-${suffix}`,
      config: { serverId, image: IMAGE, command: "sleep 3600", restart: "no" },
    });
    const run = await refusalOf(deploy(fresh(alice), d.id));
    expect(run).toMatchObject({ code: "FORBIDDEN", message: `This needs Execute permission on server boundary-${suffix}` });
    expect(await refusalOf(containerAction(fresh(alice), d.id, "stop"))).toMatchObject({ code: "FORBIDDEN" });
    expect(await containerNamed(`alice-placed-${suffix}`)).toBeUndefined();
    expect(await db.update.count({ where: { operatorId: alice.id } })).toBe(0);
  });

  it("Execute on the server places and runs it", async () => {
    await setServerAccess("Execute");
    const d = await createResource(fresh(alice), "deployment", {
      name: `alice-ok-${suffix}`,
      config: { serverId, image: IMAGE, command: "sleep 3600", restart: "no", terminationTimeoutSeconds: 1 },
    });
    const update = await finishedUpdate((await deploy(fresh(alice), d.id)).updateId);
    expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
    expect((await containerNamed(`alice-ok-${suffix}`))?.State).toBe("running");
  });
});

describe("host reach is off by default", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["a bind mount of /", { volumes: "/:/host:ro" }, "config.volumes"],
    ["the Docker socket", { volumes: "/var/run/docker.sock:/var/run/docker.sock" }, "config.volumes"],
    ["the host network", { network: "host" }, "config.network"],
  ];
  for (const [i, [what, config, field]] of cases.entries()) {
    it(`refuses ${what} with a 403 naming the option, and nothing runs`, async () => {
      await setServerAccess("Execute", ["Terminal"]);
      const name = `alice-reach-${i}-${suffix}`;
      const d = await createResource(fresh(alice), "deployment", { name, config: { serverId, image: IMAGE, command: "sleep 3600", restart: "no", ...config } });
      const refused = await refusalOf(deploy(fresh(alice), d.id));
      expect(refused).toMatchObject({ code: "FORBIDDEN" });
      expect(refused?.message).toMatch(/needs host access enabled on the server and the Terminal permission on it/);
      expect(Object.keys(refused?.fields ?? {})).toEqual([field]);
      expect(await containerNamed(name)).toBeUndefined();
    });
  }

  it("refuses a privileged stack service, a host path, the Docker socket and a pre-deploy command, each by name", async () => {
    await setServerAccess("Execute", ["Terminal"]);
    const compose = `services:\n  app:\n    image: ${IMAGE}\n    command: sleep 3600\n    privileged: true\n    volumes: [/etc:/host-etc, /var/run/docker.sock:/s]\n`;
    const s = await createResource(fresh(alice), "stack", {
      name: `alice-stack-${suffix}`,
      config: { serverId, files: [{ name: "compose.yaml", contents: compose }], preDeployCommand: "cat /etc/hostname" },
    });
    const refused = await refusalOf(deployStack(fresh(alice), s.id));
    expect(refused).toMatchObject({ code: "FORBIDDEN" });
    expect(refused?.fields).toEqual({
      "config.files.0": [
        "service app: privileged runs privileged",
        "service app: volumes mounts the host path /etc",
        "service app: volumes mounts the Docker socket (/var/run/docker.sock)",
      ],
      "config.preDeployCommand": ["preDeployCommand: preDeployCommand runs a command on the host"],
    });
    expect(await projectContainers(`alice-stack-${suffix}`)).toEqual([]);
  });

  it("the agent refuses what only `compose config` reveals: a host path from a variable", async () => {
    await setServerAccess("Execute", ["Terminal"]);
    const compose = `services:\n  app:\n    image: ${IMAGE}\n    command: sleep 3600\n    volumes: ["\${WHERE}:/host"]\n`;
    const s = await createResource(fresh(alice), "stack", {
      name: `alice-var-${suffix}`,
      config: { serverId, files: [{ name: "compose.yaml", contents: compose }], env: "WHERE=/" },
    });
    const update = await finishedUpdate((await deployStack(fresh(alice), s.id)).updateId);
    expect(update.success).toBe(false);
    expect(update.error).toMatch(/service app: volumes mounts the host path \//);
    expect(await projectContainers(`alice-var-${suffix}`)).toEqual([]);
  });

  it("a server's allowed host paths may be mounted without host access", async () => {
    await setServerAccess("Execute");
    await updateResource(admin.actor, "server", serverId, { config: { allowedHostPaths: ["/tmp"] } });
    const name = `alice-tmp-${suffix}`;
    const d = await createResource(fresh(alice), "deployment", {
      name,
      config: { serverId, image: IMAGE, command: "sleep 3600", restart: "no", volumes: "/tmp:/host-tmp:ro", terminationTimeoutSeconds: 1 },
    });
    const update = await finishedUpdate((await deploy(fresh(alice), d.id)).updateId);
    expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
    expect((await containerNamed(name))?.State).toBe("running");
  });

  it("with the server's host access on, it still needs the Terminal permission; with both it runs", async () => {
    await updateResource(admin.actor, "server", serverId, { config: { hostAccess: true } });
    await setServerAccess("Execute");
    const name = `alice-host-${suffix}`;
    const d = await createResource(fresh(alice), "deployment", {
      name,
      config: { serverId, image: IMAGE, command: "sleep 3600", restart: "no", network: "host", terminationTimeoutSeconds: 1 },
    });
    expect(await refusalOf(deploy(fresh(alice), d.id))).toMatchObject({
      code: "FORBIDDEN",
      fields: { "config.network": ["network: network uses the host's network"] },
    });
    expect(await containerNamed(name)).toBeUndefined();
    await setServerAccess("Execute", ["Terminal"]);
    const update = await finishedUpdate((await deploy(fresh(alice), d.id)).updateId);
    expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
    expect((await docker().getContainer(name).inspect()).HostConfig.NetworkMode).toBe("host");
    await updateResource(admin.actor, "server", serverId, { config: { hostAccess: false } });
  });
});

describe("names can't reach another team's containers", () => {
  it("a second stack can't take another stack's compose project on the same server", async () => {
    await setServerAccess("Execute");
    await createResource(admin.actor, "stack", { name: `team-b-${suffix}`, config: { serverId, projectName: `shared-${suffix}` } });
    const taken = await refusalOf(
      createResource(fresh(alice), "stack", { name: `alice-thief-${suffix}`, config: { serverId, projectName: `shared-${suffix}` } }),
    );
    expect(taken?.fields).toEqual({
      "config.projectName": [`Another stack on this server already uses the compose project "shared-${suffix}": set a different project name`],
    });
    // Nor by naming a stack so that its derived project collides, nor by a later edit.
    const mine = await createResource(fresh(alice), "stack", { name: `alice-mine-${suffix}`, config: { serverId } });
    const moved = await refusalOf(updateResource(fresh(alice), "stack", mine.id, { config: { projectName: `shared-${suffix}` } }));
    expect(moved?.fields?.["config.projectName"]).toBeDefined();
    expect(((await db.stack.findUniqueOrThrow({ where: { id: mine.id } })).config as { projectName?: string }).projectName ?? "").toBe("");
  });

  it("a deployment named like an unmanaged container never stops, reads, enters or replaces it", async () => {
    await setServerAccess("Execute");
    const name = `alice-squat-${suffix}`;
    const theirs = await docker().createContainer({ name, Image: IMAGE, Cmd: ["sh", "-c", "echo private-data; exec sleep 3600"] });
    created.containers.add(theirs.id);
    await theirs.start();
    const d = await createResource(fresh(alice), "deployment", { name, config: { serverId, image: IMAGE, command: "sleep 3600", restart: "no" } });

    const stop = await finishedUpdate((await containerAction(fresh(alice), d.id, "stop")).updateId);
    expect(stop.success).toBe(false);
    expect(stop.error).toMatch(/was not created by Wheelhouse for deployment/);
    await expect(tailLogs(fresh(alice), "deployment", d.id, { tail: "10" })).rejects.toThrow(/was not created by Wheelhouse/);
    // (Shells: the agent refuses to enter it; see agent/terminal/manager.integration.test.ts.)
    const redeploy = await finishedUpdate((await deploy(fresh(alice), d.id)).updateId);
    expect(redeploy.success).toBe(false);
    expect(redeploy.error).toMatch(/was not created by Wheelhouse/);

    const after = await docker().getContainer(theirs.id).inspect();
    expect(after.State.Running).toBe(true);
    expect(after.Name).toBe(`/${name}`);
  });
});
