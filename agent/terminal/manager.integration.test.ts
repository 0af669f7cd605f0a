// The agent's shell sessions on a real PTY: output, resize, scrollback replay, idle timeout
// and close — each reported to core exactly once.
import { afterEach, describe, expect, it } from "vitest";
import type { AgentMessage } from "@/lib/protocol/agent";
import { docker } from "../docker/client";
import { TerminalManager } from "./manager";

type Sent = AgentMessage;

function harness(enabled = true) {
  const sent: Sent[] = [];
  const manager = new TerminalManager(docker(), (m) => sent.push(m), enabled);
  const output = (sessionId: string) =>
    sent
      .filter((m): m is Extract<Sent, { type: "terminal.output" }> => m.type === "terminal.output" && m.sessionId === sessionId)
      .map((m) => Buffer.from(m.data, "base64").toString("utf8"))
      .join("");
  const exits = (sessionId: string) =>
    sent.filter((m): m is Extract<Sent, { type: "terminal.exit" }> => m.type === "terminal.exit" && m.sessionId === sessionId);
  return { sent, manager, output, exits };
}

async function until(check: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const type = (h: ReturnType<typeof harness>, id: string, text: string) => h.manager.input(id, Buffer.from(`${text}\n`).toString("base64"));

let current: ReturnType<typeof harness> | undefined;
afterEach(() => current?.manager.closeAll("test over"));

describe("host shell sessions", () => {
  it("runs commands, follows resizes and replays its scrollback", async () => {
    const h = (current = harness());
    await h.manager.open({ type: "terminal.open", sessionId: "s1", target: { kind: "host" }, cols: 80, rows: 24, idleTimeoutSeconds: 60 });
    type(h, "s1", "echo he$((1))llo-$((6*7))");
    await until(() => h.output("s1").includes("he1llo-42"), "the command's output");
    h.manager.resize("s1", 120, 40);
    type(h, "s1", "stty size");
    await until(() => h.output("s1").includes("40 120"), "the new size");
    const before = h.sent.length;
    h.manager.replay("s1");
    const replay = h.sent.slice(before).find((m) => m.type === "terminal.output");
    expect(replay && Buffer.from((replay as { data: string }).data, "base64").toString()).toContain("he1llo-42");
  });

  it("ends an idle session once, saying why", async () => {
    const h = (current = harness());
    await h.manager.open({ type: "terminal.open", sessionId: "s2", target: { kind: "host" }, cols: 80, rows: 24, idleTimeoutSeconds: 1 });
    await until(() => h.exits("s2").length > 0, "the idle timeout", 5_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.exits("s2")).toHaveLength(1);
    expect(h.exits("s2")[0]?.reason).toMatch(/idle/);
  });

  it("never enters a container of a deployment's name that Wheelhouse didn't make for it", async () => {
    const name = `wh-test-unmanaged-${Date.now().toString(36)}`;
    const theirs = await docker().createContainer({ name, Image: "local/busybox:1", Cmd: ["sleep", "3600"] });
    try {
      await theirs.start();
      const h = (current = harness());
      await h.manager.open({
        type: "terminal.open",
        sessionId: "s4",
        target: { kind: "container", container: name },
        cols: 80,
        rows: 24,
        idleTimeoutSeconds: 60,
      });
      await until(() => h.exits("s4").length > 0, "the refusal");
      expect(h.exits("s4")[0]?.reason).toMatch(/was not created by Wheelhouse for deployment/);
      expect(h.output("s4")).toBe("");
    } finally {
      await theirs.remove({ force: true });
    }
  });

  it("refuses shells when the operator turned terminals off", async () => {
    const h = (current = harness(false));
    await h.manager.open({ type: "terminal.open", sessionId: "s3", target: { kind: "host" }, cols: 80, rows: 24, idleTimeoutSeconds: 60 });
    expect(h.exits("s3")[0]?.reason).toMatch(/turned off/);
  });
});
