// Agent traffic never needs a frame over core's limit (issue 8 §4): a log tail of thousands of
// long lines travels in chunks. Before, the agent put the whole tail in one logs.data message;
// core closed the socket with 1009 and the request failed with "Agent disconnected".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker } from "@/agent/docker/client";
import { Created, uniqueName } from "@/agent/docker/test-support";
import { db } from "@/lib/db";
import { tailLogs } from "@/lib/executions/logs";
import { DEPLOYMENT_LABEL } from "@/lib/protocol/agent";
import { createResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { type AgentProcess, connectAgent, until } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

const created = new Created();
let agent: AgentProcess;
let disconnect: (() => Promise<void>) | undefined;
let admin: TestUser;
let serverId: string;

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  ({ agent, id: serverId, close: disconnect } = await connectAgent(admin.actor, "server", "chatty-host"));
}, 600_000);

afterAll(async () => {
  await disconnect?.();
  await created.cleanup();
});

describe("log tails in chunks", () => {
  it("logs?tail=10000 of a container that printed 20,000 lines of 1,000 characters returns the last 10,000, and the agent stays connected", async () => {
    const name = uniqueName("chatty");
    // 20,000 numbered lines, each padded to 1,000 characters: a 10,000-line tail is about 10 MB.
    const script = 'PAD=$(head -c 990 /dev/zero | tr "\\0" x); i=0; while [ $i -lt 20000 ]; do echo "$i $PAD"; i=$((i+1)); done; exec sleep 3600';
    // Labelled as Wheelhouse labels a deployment's container: logs are read only from its own.
    const container = await docker().createContainer({
      name,
      Image: "local/busybox:1",
      Cmd: ["sh", "-c", script],
      Labels: { [DEPLOYMENT_LABEL]: name },
      HostConfig: { LogConfig: { Type: "json-file", Config: {} } },
    });
    created.containers.add(container.id);
    await container.start();
    const deployment = await createResource(admin.actor, "deployment", { name, config: { serverId, image: "local/busybox:1" } });
    await until(async () => String(await container.logs({ stdout: true, tail: 1 })).includes("19999 "), "the container to print its 20,000th line", 120_000);

    const { lines } = await tailLogs(admin.actor, "deployment", deployment.id, { tail: "10000" });
    expect(lines).toHaveLength(10000);
    expect(lines[0]?.startsWith("10000 ")).toBe(true);
    expect(lines[9999]?.startsWith("19999 ")).toBe(true);
    expect(lines.every((l) => l.length > 990)).toBe(true);
    expect(agent.output()).not.toMatch(/disconnected \(1009/);
    expect(((await db.server.findUniqueOrThrow({ where: { id: serverId } })).info as { status?: string }).status).toBe("ok");
  });
});
