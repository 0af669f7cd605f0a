// A followed log keeps at most FOLLOW_BUFFER_BYTES for a browser that reads slower than the
// container writes: the rest is skipped, and the reader is told how much, instead of core
// buffering a chatty container's whole output in memory.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { deploy } from "@/lib/executions/deployment";
import { followLogs } from "@/lib/executions/logs";
import { createResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { Created } from "@/agent/docker/test-support";
import { docker } from "@/agent/docker/client";
import { finishedUpdate, logText, startAgent, startCore, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

const created = new Created();
const stateDir = mkdtempSync(path.join(os.tmpdir(), "wh-follow-"));
const name = `wh-test-chatty-${Date.now().toString(36)}`;
const LINES = 20_000;
let core: Awaited<ReturnType<typeof startCore>>;
let agent: AgentProcess;
let admin: TestUser;
let deploymentId: string;

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  core = await startCore();
  const serverId = (await createResource(admin.actor, "server", { name: "follow-host" })).id;
  const { token } = await createEnrollmentToken(admin.actor, serverId);
  agent = startAgent(core.url, stateDir, token);
  await until(async () => ((await db.server.findUnique({ where: { id: serverId } }))?.info as { status?: string })?.status === "ok", `the agent to connect:\n${agent.output()}`);
  // Waits for a start file, then writes ~6 MB of 300-character lines as fast as it can.
  const script = `while [ ! -e /tmp/go ]; do sleep 0.1; done; i=0; while [ $i -lt ${LINES} ]; do echo "line $i ${"x".repeat(290)}"; i=$((i+1)); done; echo finished; exec sleep 3600`;
  deploymentId = (await createResource(admin.actor, "deployment", { name, config: { serverId, image: "local/busybox:1", command: `sh -c '${script}'`, restart: "no", terminationTimeoutSeconds: 1 } })).id;
  const update = await finishedUpdate((await deploy(admin.actor, deploymentId)).updateId);
  expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
  created.containers.add((await docker().getContainer(name).inspect()).Id);
}, 600_000);

afterAll(async () => {
  if (agent) await stopAgent(agent);
  await core?.close();
  await created.cleanup();
  rmSync(stateDir, { recursive: true, force: true });
});

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, marker: string): Promise<string> {
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  // Each chunk is whole SSE events, so the marker is within one chunk.
  while (!chunks[chunks.length - 1]?.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(decoder.decode(value, { stream: true }));
  }
  return chunks.join("");
}

it("skips what a reader that doesn't keep up can't hold, and says how many lines it skipped", async () => {
  const abort = new AbortController();
  const slow = (await followLogs(admin.actor, "deployment", deploymentId, { tail: "1", follow: "true" }, abort.signal)).getReader();
  // A reader that keeps up tells when the whole output has reached core.
  const fast = (await followLogs(admin.actor, "deployment", deploymentId, { tail: "1", follow: "true" }, abort.signal)).getReader();
  await docker().getContainer(name).exec({ Cmd: ["touch", "/tmp/go"] }).then((e) => e.start({}));
  const all = await readUntil(fast, "finished");
  expect(all.split("\n\n").filter((e) => e.includes(" xxxx")).length).toBeGreaterThan(LINES / 2);

  // The slow reader only now reads what was kept for it.
  const text = await readUntil(slow, "finished");
  abort.abort();
  await Promise.all([slow.cancel(), fast.cancel()]);
  const skipped = /… (\d+) lines skipped: the browser fell behind/.exec(text);
  expect(skipped, "a line saying how many lines were skipped").not.toBeNull();
  const delivered = text.split("\n\n").filter((e) => e.includes(" xxxx")).length;
  expect(Number(skipped![1])).toBeGreaterThan(0);
  expect(delivered + Number(skipped![1])).toBeLessThanOrEqual(LINES);
  expect(delivered).toBeLessThan(LINES);
});
