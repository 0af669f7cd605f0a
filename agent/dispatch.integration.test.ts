// A command delivered twice (a retry, a reconnect, another core) runs once: the second
// delivery is acknowledged as a duplicate and answered from the journal — or, while the first
// still runs, left to that one's result.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEPLOYMENT_LABEL, type AgentMessage } from "@/lib/protocol/agent";
import { ensureDocker } from "@/scripts/lib/docker";
import { runCommand } from "./dispatch";
import { Journal } from "./journal";

const dir = mkdtempSync(path.join(os.tmpdir(), "wh-journal-"));
beforeAll(ensureDocker);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("answers a redelivered command from the journal instead of running it again, even after a restart", async () => {
  const sent: AgentMessage[] = [];
  const command = {
    type: "command" as const,
    commandId: "c1",
    idempotencyKey: "key-1",
    timeoutSeconds: 30,
    payload: { kind: "container.action" as const, container: `wh-test-missing-${Date.now()}`, action: "start" as const, stopTimeoutSeconds: 1 },
  };
  await runCommand(command, new Journal(dir), (m) => sent.push(m));
  expect(sent.map((m) => m.type)).toEqual(["command.ack", "command.result"]);
  const first = sent[1] as Extract<AgentMessage, { type: "command.result" }>;
  expect(first.success).toBe(false);
  expect(first.error).toMatch(/does not exist/);

  // A new Journal reads the file again, as an agent restarted from disk would.
  const again: AgentMessage[] = [];
  await runCommand({ ...command, commandId: "c2" }, new Journal(dir), (m) => again.push(m));
  expect(again[0]).toEqual({ type: "command.ack", commandId: "c2", duplicate: true });
  expect(again[1]).toMatchObject({ type: "command.result", commandId: "c2", success: false, error: first.error });
  expect(again).toHaveLength(2);
});

it("a command redelivered while it still runs here is acknowledged, not answered: its one result comes when it ends, and carries what it returned", async () => {
  const name = `wh-test-redeliver-${Date.now()}`;
  // PID 1 `sleep` ignores SIGTERM, so a stop takes its whole timeout: long enough to redeliver meanwhile.
  execFileSync("docker", ["run", "-d", "--name", name, "--label", `${DEPLOYMENT_LABEL}=${name}`, "local/busybox:1", "sleep", "3600"], { stdio: "ignore" });
  try {
    const journal = new Journal(dir);
    const sent: AgentMessage[] = [];
    const command = {
      type: "command" as const,
      commandId: "run-1",
      idempotencyKey: "key-running",
      timeoutSeconds: 30,
      payload: { kind: "container.action" as const, container: name, action: "stop" as const, stopTimeoutSeconds: 3 },
    };
    const first = runCommand(command, journal, (m) => sent.push(m));
    await runCommand(command, journal, (m) => sent.push(m));
    expect(sent.map((m) => m.type)).toEqual(["command.ack", "command.ack"]);
    expect(sent[1]).toEqual({ type: "command.ack", commandId: "run-1", duplicate: true });

    await first;
    const results = sent.filter((m) => m.type === "command.result");
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ success: true, result: { containerId: expect.any(String) } });

    // Later redeliveries are answered from the journal with the same result.
    const later: AgentMessage[] = [];
    await runCommand(command, new Journal(dir), (m) => later.push(m));
    expect(later[1]).toMatchObject({ type: "command.result", success: true, result: (results[0] as { result: unknown }).result });
  } finally {
    execFileSync("docker", ["rm", "-f", name], { stdio: "ignore" });
  }
});

it("sends a command's result even when the journal can't record it, and runs nothing again", async () => {
  const own = mkdtempSync(path.join(os.tmpdir(), "wh-journal-"));
  try {
    const journal = new Journal(own);
    const sent: AgentMessage[] = [];
    const command = {
      type: "command" as const,
      commandId: "c-unjournaled",
      idempotencyKey: "key-unjournaled",
      timeoutSeconds: 30,
      payload: { kind: "container.action" as const, container: `wh-test-missing-${Date.now()}`, action: "start" as const, stopTimeoutSeconds: 1 },
    };
    // Once the start is journaled (the ack follows it), the journal's next write fails: its temporary file's name is taken by a folder.
    await runCommand(command, journal, (m) => {
      sent.push(m);
      if (m.type === "command.ack") mkdirSync(path.join(own, "journal.json.tmp"));
    });
    expect(sent.map((m) => m.type)).toEqual(["command.ack", "command.result"]);
    expect(sent[1]).toMatchObject({ success: false, error: expect.stringMatching(/does not exist/) });
    // The start was journaled, so a redelivery is answered, not run.
    const again: AgentMessage[] = [];
    await runCommand({ ...command, commandId: "c-unjournaled-2" }, new Journal(own), (m) => again.push(m));
    expect(again[0]).toEqual({ type: "command.ack", commandId: "c-unjournaled-2", duplicate: true });
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
});
