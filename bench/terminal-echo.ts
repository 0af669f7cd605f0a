// Keystroke echo round trip in a container shell: through core and the agent (the browser's
// WebSocket protocol, minus rendering) against a direct `docker exec` TTY, in the same run.
//   npx tsx scripts/with-db.ts tsx bench/terminal-echo.ts [keystrokes]
import type { Duplex } from "node:stream";
import WebSocket from "ws";
import { docker } from "@/agent/docker/client";
import { deploy } from "@/lib/executions/deployment";
import { createResource } from "@/lib/resources/write";
import { openTerminal } from "@/lib/terminal/open";
import { finishedUpdate } from "@/tests/helpers/core-agent";
import { setup } from "./lib";
import { median, ms, percentile } from "./stats";

const keystrokes = Number(process.argv[2] ?? 100);

/** Sends one character at a time and waits for the TTY to echo it back. */
async function measure(write: (b: Buffer) => void, onData: (listener: (b: Buffer) => void) => void): Promise<number[]> {
  let received = "";
  let waiting: (() => void) | null = null;
  onData((b) => {
    received += b.toString("utf8");
    waiting?.();
  });
  await new Promise((r) => setTimeout(r, 1000)); // let the shell print its prompt
  const times: number[] = [];
  for (let i = 0; i < keystrokes; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    received = "";
    const start = performance.now();
    await new Promise<void>((resolve) => {
      waiting = () => received.includes(ch) && resolve();
      write(Buffer.from(ch));
    });
    times.push(performance.now() - start);
  }
  write(Buffer.from("\u0015")); // ctrl-u: clear the line
  return times;
}

async function main() {
  const env = await setup();
  const name = `wh-bench-shell-${Date.now().toString(36)}`;
  const d = await createResource(env.admin.actor, "deployment", {
    name,
    config: { serverId: env.serverId, image: "local/busybox:1", command: "sleep 3600", terminationTimeoutSeconds: 0 },
  });
  const up = await finishedUpdate((await deploy(env.admin.actor, d.id)).updateId);
  if (!up.success) throw new Error(up.error ?? "deploy failed");

  const session = await openTerminal(env.admin.actor, { targetType: "deployment", targetId: d.id });
  const ws = new WebSocket(`${env.core.url.replace("http", "ws")}/api/ws/terminal?session=${session.id}&cols=80&rows=24`, {
    headers: { "x-api-key": env.admin.key },
  });
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  const through = await measure(
    (b) => ws.send(b),
    (l) => ws.on("message", (data, isBinary) => isBinary && l(data as Buffer)),
  );
  ws.send(JSON.stringify({ type: "close" }));

  const exec = await docker()
    .getContainer(name)
    .exec({ Cmd: ["sh"], AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
  const direct = await measure(
    (b) => stream.write(b),
    (l) => stream.on("data", l),
  );
  stream.end();

  const a = median(through);
  const b = median(direct);
  // The tail is what a user feels as a stutter while typing, so it is shown beside the median.
  const a99 = percentile(through, 99);
  const b99 = percentile(direct, 99);
  console.log(`echo round trip through core + agent (${keystrokes} keystrokes): median ${ms(a)}, p99 ${ms(a99)}`);
  console.log(`echo round trip with a direct docker exec TTY (${keystrokes} keystrokes): median ${ms(b)}, p99 ${ms(b99)}`);
  console.log(`added latency: median ${ms(a - b)} (ratio ${(a / b).toFixed(2)}x), p99 ${ms(a99 - b99)} (ratio ${(a99 / b99).toFixed(2)}x)`);
  await docker().getContainer(name).remove({ force: true });
  await env.teardown();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
