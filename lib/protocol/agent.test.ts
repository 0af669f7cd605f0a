import { describe, expect, it } from "vitest";
import { ZAgentMessage, ZCoreMessage } from "./agent";

describe("agent protocol", () => {
  it("accepts a command with a deploy payload and fills defaults", () => {
    const parsed = ZCoreMessage.parse({
      type: "command",
      commandId: "c1",
      idempotencyKey: "k1",
      timeoutSeconds: 60,
      payload: { kind: "container.action", container: "web", action: "stop" },
    });
    expect(parsed.type === "command" && parsed.payload.kind === "container.action" && parsed.payload.stopTimeoutSeconds).toBe(10);
  });

  it("rejects unknown message types and malformed fields", () => {
    expect(ZAgentMessage.safeParse({ type: "rm -rf" }).success).toBe(false);
    expect(ZAgentMessage.safeParse({ type: "command.result", commandId: 1, success: true }).success).toBe(false);
    expect(ZCoreMessage.safeParse({ type: "terminal.resize", sessionId: "s", cols: 5000, rows: 10 }).success).toBe(false);
  });
});
