// A followed log keeps at most FOLLOW_BUFFER_BYTES for a browser that reads slower than the
// container writes: the oldest waiting lines are skipped, the newest always get through, and
// the reader is told how many it missed, instead of core buffering a chatty container's whole
// output in memory.
import { afterAll, beforeAll, expect, it } from "vitest";
import { deploy } from "@/lib/executions/deployment";
import { followLogs } from "@/lib/executions/logs";
import { createResource } from "@/lib/resources/write";
import { ensureDocker } from "@/scripts/lib/docker";
import { Created } from "@/agent/docker/test-support";
import { docker } from "@/agent/docker/client";
import { connectAgent, finishedUpdate, logText } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

const created = new Created();
const name = `wh-test-chatty-${Date.now().toString(36)}`;
const LINES = 40_000;
let disconnect: (() => Promise<void>) | undefined;
let admin: TestUser;
let deploymentId: string;

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  const connected = await connectAgent(admin.actor, "server", "follow-host");
  disconnect = connected.close;
  const serverId = connected.id;
  // Waits for a start file, then writes ~12 MB of 300-character lines as fast as it can.
  const script = `while [ ! -e /tmp/go ]; do sleep 0.1; done; i=0; while [ $i -lt ${LINES} ]; do echo "line $i ${"x".repeat(290)}"; i=$((i+1)); done; echo finished; exec sleep 3600`;
  deploymentId = (
    await createResource(admin.actor, "deployment", {
      name,
      config: { serverId, image: "local/busybox:1", command: `sh -c '${script}'`, restart: "no", terminationTimeoutSeconds: 1 },
    })
  ).id;
  const update = await finishedUpdate((await deploy(admin.actor, deploymentId)).updateId);
  expect(update.success, `${update.error}\n${logText(update)}`).toBe(true);
  created.containers.add((await docker().getContainer(name).inspect()).Id);
}, 600_000);

afterAll(async () => {
  await disconnect?.();
  await created.cleanup();
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
  await docker()
    .getContainer(name)
    .exec({ Cmd: ["touch", "/tmp/go"] })
    .then((e) => e.start({}));
  await readUntil(fast, "finished");

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
  // What is kept is the newest: the last line written is the last one read.
  expect(text.trimEnd().endsWith(`data: ${JSON.stringify("finished")}`)).toBe(true);
});
