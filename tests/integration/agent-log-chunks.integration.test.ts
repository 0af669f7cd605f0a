// Agent traffic never needs a frame over core's limit (issue 8 §4): a log tail of thousands of
// long lines travels in chunks. Before, the agent put the whole tail in one logs.data message;
// core closed the socket with 1009 and the request failed with "Agent disconnected".
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker } from "@/agent/docker/client";
import { Created, uniqueName } from "@/agent/docker/test-support";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { tailLogs } from "@/lib/executions/logs";
import { DEPLOYMENT_LABEL } from "@/lib/protocol/agent";
import { createResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { startAgent, startCore, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

const created = new Created();
const stateDir = mkdtempSync(path.join(os.tmpdir(), "wh-agent-"));
let core: Awaited<ReturnType<typeof startCore>>;
let agent: AgentProcess;
let admin: TestUser;
let serverId: string;

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  core = await startCore();
  serverId = (await createResource(admin.actor, "server", { name: "chatty-host" })).id;
  const { token } = await createEnrollmentToken(admin.actor, serverId);
  agent = startAgent(core.url, stateDir, token);
  await until(async () => ((await db.server.findUnique({ where: { id: serverId } }))?.info as { status?: string })?.status === "ok", `the agent to connect:\n${agent.output()}`);
}, 600_000);

afterAll(async () => {
  if (agent) await stopAgent(agent);
  await core?.close();
  await created.cleanup();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("log tails in chunks", () => {
  it("logs?tail=10000 of a container that printed 20,000 lines of 1,000 characters returns the last 10,000, and the agent stays connected", async () => {
    const name = uniqueName("chatty");
    // 20,000 numbered lines, each padded to 1,000 characters: a 10,000-line tail is about 10 MB.
    const script = 'PAD=$(head -c 990 /dev/zero | tr "\\0" x); i=0; while [ $i -lt 20000 ]; do echo "$i $PAD"; i=$((i+1)); done; exec sleep 3600';
    // Labelled as Wheelhouse labels a deployment's container: logs are read only from its own.
    const container = await docker().createContainer({ name, Image: "local/busybox:1", Cmd: ["sh", "-c", script], Labels: { [DEPLOYMENT_LABEL]: name }, HostConfig: { LogConfig: { Type: "json-file", Config: {} } } });
    created.containers.add(container.id);
    await container.start();
    const deployment = await createResource(admin.actor, "deployment", { name, config: { serverId, image: "local/busybox:1" } });
    await until(async () => String(await container.logs({ stdout: true, tail: 1 })).includes("19999 "), "the container to print its 20,000th line", 120_000);

    const { lines } = await tailLogs(admin.actor, "deployment", deployment.id, { tail: "10000" });
    expect(lines).toHaveLength(10000);
    expect(lines[0].startsWith("10000 ")).toBe(true);
    expect(lines[9999].startsWith("19999 ")).toBe(true);
    expect(lines.every((l) => l.length > 990)).toBe(true);
    expect(agent.output()).not.toMatch(/disconnected \(1009/);
    expect(((await db.server.findUniqueOrThrow({ where: { id: serverId } })).info as { status?: string }).status).toBe("ok");
  });
});
