// Alert sources that need the real Docker engine and a real agent: a deploy that fails opens
// DeploymentFailed and the next successful deploy resolves it; a managed container killed
// outside Wheelhouse opens ContainerStateChange and resolves once it runs again; a stop by
// Wheelhouse itself raises nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { containerAction, deploy } from "@/lib/executions/deployment";
import { createResource, updateResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { buildImage, Created, inspect } from "@/agent/docker/test-support";
import { docker } from "@/agent/docker/client";
import { connectAgent, finishedUpdate, logText, until, type ConnectedAgent } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

const created = new Created();
const image = "wh-test/alerts:1";
const name = "wh-test-alerts-web";
let admin: TestUser;
let connected: ConnectedAgent;
let deploymentId: string;

beforeAll(async () => {
  await ensureDocker();
  created.images.add(await buildImage(image, [`CMD ["sh", "-c", "exec sleep 3600"]`]));
  await resetDb();
  admin = await makeUser({ admin: true });
  connected = await connectAgent(admin.actor, "server", "alerts-host");
  deploymentId = (
    await createResource(admin.actor, "deployment", { name, config: { serverId: connected.id, image, restart: "no", terminationTimeoutSeconds: 1 } })
  ).id;
}, 600_000);

afterAll(async () => {
  await connected?.close();
  const found = await docker().listContainers({ all: true, filters: { name: [`^/${name}$`] } });
  for (const c of found) created.containers.add(c.Id);
  await created.cleanup();
});

const alertsOf = (type: string) => db.alert.findMany({ where: { type, targetType: "deployment", targetId: deploymentId }, orderBy: { openedAt: "asc" } });

describe("alerts from a real agent and Docker engine", () => {
  it("a failed deploy opens DeploymentFailed with the reason; the next successful deploy resolves it", async () => {
    await updateResource(admin.actor, "deployment", deploymentId, { config: { image: "wh-test/does-not-exist:9" } });
    const failed = await finishedUpdate((await deploy(admin.actor, deploymentId)).updateId);
    expect(failed.success).toBe(false);
    const [alert, ...more] = await until(
      async () => ((await alertsOf("DeploymentFailed")).length ? alertsOf("DeploymentFailed") : null),
      "the DeploymentFailed alert",
    );
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ severity: "critical", resolvedAt: null, targetName: name, data: expect.objectContaining({ updateId: failed.id }) });
    expect(alert!.message).toContain(failed.error!);

    // Failing again is the same alert, still open.
    expect((await finishedUpdate((await deploy(admin.actor, deploymentId)).updateId)).success).toBe(false);
    expect((await alertsOf("DeploymentFailed")).map((a) => [a.id, a.resolvedAt])).toEqual([[alert!.id, null]]);

    await updateResource(admin.actor, "deployment", deploymentId, { config: { image } });
    const ok = await finishedUpdate((await deploy(admin.actor, deploymentId)).updateId);
    expect(ok.success, `${ok.error}\n${logText(ok)}`).toBe(true);
    await until(async () => (await alertsOf("DeploymentFailed"))[0]?.resolvedAt, "the DeploymentFailed alert to resolve");
  });

  it("a container killed outside Wheelhouse opens ContainerStateChange; running again resolves it", async () => {
    await until(
      async () => ((await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).info as { state?: string }).state === "running",
      "the deployment to be running",
    );
    // Its deploy just ended: past the grace in which a container going down is taken as Wheelhouse's doing.
    await db.update.updateMany({ where: { targetId: deploymentId }, data: { endedAt: new Date(Date.now() - 60_000) } });
    expect(await alertsOf("ContainerStateChange")).toEqual([]);

    await docker().getContainer(name).kill();
    const [alert] = await until(
      async () => ((await alertsOf("ContainerStateChange")).length ? alertsOf("ContainerStateChange") : null),
      "the ContainerStateChange alert",
    );
    expect(alert).toMatchObject({ severity: "critical", resolvedAt: null, data: expect.objectContaining({ from: "running", to: "exited" }) });

    await docker().getContainer(name).start();
    expect((await inspect(name)).State.Running).toBe(true);
    await until(async () => (await alertsOf("ContainerStateChange"))[0]?.resolvedAt, "the ContainerStateChange alert to resolve");
  });

  it("a stop by Wheelhouse raises no alert", async () => {
    await until(
      async () => ((await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).info as { state?: string }).state === "running",
      "the deployment to be running",
    );
    const before = (await alertsOf("ContainerStateChange")).length;
    const stop = await finishedUpdate((await containerAction(admin.actor, deploymentId, "stop")).updateId);
    expect(stop.success).toBe(true);
    await until(
      async () => ((await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).info as { state?: string }).state === "exited",
      "the stop to be seen",
    );
    // The alert is decided before the state is stored (agents/container-state.ts): this reads the decision.
    expect(await db.alert.count({ where: { type: "ContainerStateChange", targetId: deploymentId, resolvedAt: null } })).toBe(0);
    expect((await alertsOf("ContainerStateChange")).length).toBe(before);
  });
});
