// Secrets stay with the people allowed to use them (issue 8 §3): interpolating a Variable needs
// Read on it, container and stack service logs are redacted on core (tail and follow), and the
// AgentCommand rows that carry resolved specs hold no plaintext secret, during or after a run.
import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { pruneFinishedCommands } from "@/lib/agents/commands";
import { db } from "@/lib/db";
import { deploy } from "@/lib/executions/deployment";
import { followLogs, tailLogs } from "@/lib/executions/logs";
import { deployStack, stackAction } from "@/lib/executions/stack";
import { createResource, updateResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { buildImage, Created } from "@/agent/docker/test-support";
import { docker } from "@/agent/docker/client";
import { finishedUpdate, logText, startAgent, startCore, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { heldAtGate, heldCompose, openGate, removeProject } from "../helpers/held-stack";
import { grant } from "../helpers/resources";

const created = new Created();
const stateDir = mkdtempSync(path.join(os.tmpdir(), "wh-agent-"));
const SECRET = `s3cret-${randomBytes(6).toString("hex")}`;
const image = "wh-test/secrets:1";
const project = `wh-test-secrets-${Date.now().toString(36)}`;
let core: Awaited<ReturnType<typeof startCore>>;
let agent: AgentProcess;
let admin: TestUser;
let user: TestUser;
let serverId: string;

/** A fresh actor per call: grants are cached per actor object, and these tests change them. */
const asUser = () => ({ ...user.actor });
const containerNamed = async (name: string) => (await docker().listContainers({ all: true, filters: { name: [`^/${name}$`] } }))[0];
/** The container a deploy that succeeded just made. */
async function deployedContainer(name: string) {
  const found = await containerNamed(name);
  if (!found) throw new Error(`the deploy made no container named ${name}`);
  return found;
}
const projectContainers = () => docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });

/** Every row of every table, as text: what someone with the database (or a backup) would read. */
async function rawRows(table?: string): Promise<string> {
  const tables = table ? [{ tablename: table }] : await db.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`;
  const out: string[] = [];
  for (const { tablename } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${tablename}" t`);
    out.push(...rows.map((r) => `${tablename}: ${r.row}`));
  }
  return out.join("\n");
}

/** Reads a follow stream until `enough` says so; returns every event it carried. */
async function readFollow(stream: ReadableStream<Uint8Array>, enough: (text: string) => boolean, abort: AbortController): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (!enough(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    abort.abort();
    await reader.cancel().catch(() => {});
  }
  return text;
}

beforeAll(async () => {
  await ensureDocker();
  // Prints the secret at start, then once a second, so a follow stream sees it arrive live.
  created.images.add(await buildImage(image, [`CMD ["sh", "-c", "echo token=$TOKEN; while true; do sleep 1; echo tick $TOKEN; done"]`]));
  await resetDb();
  admin = await makeUser({ admin: true });
  user = await makeUser();
  core = await startCore();
  serverId = (await createResource(admin.actor, "server", { name: "secrets-host" })).id;
  agent = startAgent(core.url, stateDir, (await createEnrollmentToken(admin.actor, serverId)).token);
  await until(
    async () => ((await db.server.findUniqueOrThrow({ where: { id: serverId } })).info as { status?: string })?.status === "ok",
    `the agent to connect:\n${agent.output()}`,
  );
  await createResource(admin.actor, "variable", { name: "api_token", config: { value: SECRET, secret: true } });
  await createResource(admin.actor, "variable", { name: "region", config: { value: "eu-west" } });
  await grant({ userId: user.id }, "server", "Execute", { id: serverId });
}, 600_000);

afterAll(async () => {
  for (const c of await projectContainers().catch(() => [])) created.containers.add(c.Id);
  // The agent first: a held deploy it is still running would otherwise recreate what we remove.
  if (agent) await stopAgent(agent);
  await removeProject(`${project}-held`);
  await core?.close();
  await created.cleanup();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("interpolation needs Read on the Variable", () => {
  it("refuses a deploy that uses a Variable the actor may not read, naming it, before anything runs", async () => {
    const name = `wh-test-noread-${randomBytes(3).toString("hex")}`;
    const d = await createResource(admin.actor, "deployment", {
      name,
      config: { serverId, image, env: "TOKEN=[[api_token]]\nREGION=[[region]]", restart: "no", terminationTimeoutSeconds: 1 },
    });
    await grant({ userId: user.id }, "deployment", "Execute", { id: d.id });

    const refused = await finishedUpdate((await deploy(asUser(), d.id)).updateId);
    expect(refused.success).toBe(false);
    // Both are named (a plain Variable needs Read too), and the value never appears.
    expect(refused.error).toMatch(/\[\[api_token\]\] in env TOKEN/);
    expect(refused.error).toMatch(/\[\[region\]\] in env REGION/);
    expect(refused.error).not.toContain(SECRET);
    expect(await db.agentCommand.count({ where: { updateId: refused.id } })).toBe(0);
    expect(await containerNamed(name)).toBeUndefined();

    // Read on both is what it takes: the same deploy then runs.
    await grant({ userId: user.id }, "variable", "Read", { pattern: "api_token" });
    await grant({ userId: user.id }, "variable", "Read", { pattern: "region" });
    const ran = await finishedUpdate((await deploy(asUser(), d.id)).updateId);
    expect(ran.success, `${ran.error}\n${logText(ran)}`).toBe(true);
    const container = await deployedContainer(name);
    created.containers.add(container.Id);
    await db.permission.deleteMany({ where: { userId: user.id, resourceType: "variable" } });
  });

  it("refuses a stack deploy that uses a Variable the actor may not read, before anything runs", async () => {
    const s = await createResource(admin.actor, "stack", {
      name: `wh-test-noread-stack-${randomBytes(3).toString("hex")}`,
      config: {
        serverId,
        files: [{ name: "compose.yaml", contents: `services:\n  app:\n    image: ${image}\n    environment:\n      TOKEN: "[[api_token]]"\n` }],
      },
    });
    await grant({ userId: user.id }, "stack", "Execute", { id: s.id });
    const refused = await finishedUpdate((await deployStack(asUser(), s.id)).updateId);
    expect(refused.success).toBe(false);
    expect(refused.error).toMatch(/\[\[api_token\]\] in compose\.yaml/);
    expect(await db.agentCommand.count({ where: { updateId: refused.id } })).toBe(0);
  });
});

describe("logs are redacted on core", () => {
  it("redacts a deployment's secrets in its container logs, tail and follow, and search can't probe them", async () => {
    const name = `wh-test-redact-${randomBytes(3).toString("hex")}`;
    const d = await createResource(admin.actor, "deployment", {
      name,
      config: { serverId, image, env: "TOKEN=[[api_token]]", restart: "no", terminationTimeoutSeconds: 1 },
    });
    const update = await finishedUpdate((await deploy(admin.actor, d.id)).updateId);
    expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
    created.containers.add((await deployedContainer(name)).Id);

    const tail = await until(async () => {
      const { lines } = await tailLogs(admin.actor, "deployment", d.id, { tail: "50" });
      return lines.some((l) => l.startsWith("tick")) && lines;
    }, "the container to log a tick");
    expect(tail).toContain("token=***");
    expect(tail.join("\n")).not.toContain(SECRET);
    expect((await tailLogs(admin.actor, "deployment", d.id, { tail: "50", search: SECRET })).lines).toEqual([]);

    const abort = new AbortController();
    const stream = await followLogs(admin.actor, "deployment", d.id, { tail: "1", follow: "true" }, abort.signal);
    // Two events: the tail line and at least one live tick after it.
    const text = await readFollow(stream, (t) => (t.match(/tick \*\*\*/g) ?? []).length >= 2, abort);
    expect(text).toMatch(/tick \*\*\*/);
    expect(text).not.toContain(SECRET);
  });

  it("redacts a stack's secrets in a service's logs, tail and follow", async () => {
    const s = await createResource(admin.actor, "stack", {
      name: project,
      config: {
        serverId,
        files: [
          {
            name: "compose.yaml",
            contents: `services:\n  app:\n    image: ${image}\n    stop_grace_period: 1s\n    environment:\n      TOKEN: "[[api_token]]"\n`,
          },
        ],
      },
    });
    const update = await finishedUpdate((await deployStack(admin.actor, s.id)).updateId);
    expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);

    const tail = await until(async () => {
      const { lines } = await tailLogs(admin.actor, "stack", s.id, { tail: "50", service: "app" });
      return lines.some((l) => l.startsWith("tick")) && lines;
    }, "the service to log a tick");
    expect(tail).toContain("token=***");
    expect(tail.join("\n")).not.toContain(SECRET);

    const abort = new AbortController();
    const stream = await followLogs(admin.actor, "stack", s.id, { tail: "1", follow: "true", service: "app" }, abort.signal);
    const text = await readFollow(stream, (t) => (t.match(/tick \*\*\*/g) ?? []).length >= 2, abort);
    expect(text).not.toContain(SECRET);
    await finishedUpdate((await stackAction(admin.actor, s.id, "destroy", { removeOrphans: true })).updateId);
  });
});

describe("AgentCommand rows", () => {
  it("hold no plaintext secret while a deploy runs or after it, and finished rows are pruned", async () => {
    const held = `${project}-held`;
    const s = await createResource(admin.actor, "stack", {
      name: held,
      config: { serverId, files: [{ name: "compose.yaml", contents: heldCompose({ TOKEN: "[[api_token]]" }) }] },
    });
    const { updateId } = await deployStack(admin.actor, s.id);
    // In flight: compose waits for the gate the test opens below.
    await heldAtGate(held);
    const inFlight = await rawRows("AgentCommand");
    expect(inFlight).toContain(updateId);
    expect(inFlight).not.toContain(SECRET);

    await openGate(held);
    const update = await finishedUpdate(updateId);
    expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
    expect(await rawRows()).not.toContain(SECRET);

    // A finished command older than the retention is deleted; a recent one and an unfinished one stay.
    const old = await db.agentCommand.findFirstOrThrow({ where: { updateId } });
    await db.agentCommand.update({ where: { id: old.id }, data: { finishedAt: new Date(Date.now() - 30 * 86_400_000) } });
    const recent = await db.agentCommand.findFirstOrThrow({ where: { id: { not: old.id }, finishedAt: { not: null } } });
    const agentId = old.agentId;
    const stuck = await db.agentCommand.create({
      data: {
        agentId,
        idempotencyKey: randomBytes(8).toString("hex"),
        payload: {},
        status: "sent",
        createdAt: new Date(Date.now() - 30 * 86_400_000),
        deadline: new Date(Date.now() + 60_000),
      },
    });
    await pruneFinishedCommands();
    expect(await db.agentCommand.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.agentCommand.findUnique({ where: { id: recent.id } })).not.toBeNull();
    expect(await db.agentCommand.findUnique({ where: { id: stuck.id } })).not.toBeNull();
    await db.agentCommand.delete({ where: { id: stuck.id } });
    await removeProject(held);
  });
});

// Last: its config holds the guessed secret in plain text, which the raw-rows test above must not find.
describe("redaction is no oracle", () => {
  it("a saved but undeployed [[NAME]] doesn't turn a guess in the container's output into ***", async () => {
    // Her container prints a guess at a secret she may not read (here, the right one).
    const name = `wh-test-oracle-${randomBytes(3).toString("hex")}`;
    const d = await createResource(admin.actor, "deployment", {
      name,
      config: { serverId, image, env: `TOKEN=${SECRET}`, restart: "no", terminationTimeoutSeconds: 1 },
    });
    const update = await finishedUpdate((await deploy(admin.actor, d.id)).updateId);
    expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
    created.containers.add((await deployedContainer(name)).Id);
    await grant({ userId: user.id }, "deployment", "Write", { id: d.id }, { specific: ["Logs"] });
    // Saving a reference to the Variable needs no Read (only interpolating it does)...
    await updateResource(asUser(), "deployment", d.id, { config: { env: `TOKEN=${SECRET}\n# [[api_token]]` } });
    // ...so redaction must not follow the saved config, or *** would confirm the guess.
    const lines = await until(async () => {
      const { lines } = await tailLogs(asUser(), "deployment", d.id, { tail: "50" });
      return lines.some((l) => l.startsWith("tick")) && lines;
    }, "the container to log a tick");
    expect(lines).toContain(`token=${SECRET}`);
  });
});
