// The ended-session memory that makes "terminal.exit" go out once stays bounded.
import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import type { AgentMessage } from "@/lib/protocol/agent";
import { ENDED_REMEMBERED, TerminalManager } from "./manager";

describe("TerminalManager", () => {
  it("remembers at most ENDED_REMEMBERED ended sessions, forgetting the oldest first", async () => {
    const sent: AgentMessage[] = [];
    // Terminals off: every open ends at once without touching Docker.
    const manager = new TerminalManager(null as unknown as Docker, (m) => sent.push(m), false);
    for (let i = 0; i < ENDED_REMEMBERED + 500; i++) {
      await manager.open({ type: "terminal.open", sessionId: `s${i}`, target: { kind: "host" }, cols: 80, rows: 24, idleTimeoutSeconds: 60 });
    }
    expect(manager.endedRemembered).toBe(ENDED_REMEMBERED);
    // A recent session's end is still reported once; an old one's is forgotten, so reported again.
    const exits = (id: string) => sent.filter((m) => m.type === "terminal.exit" && m.sessionId === id).length;
    manager.close(`s${ENDED_REMEMBERED + 499}`);
    expect(exits(`s${ENDED_REMEMBERED + 499}`)).toBe(1);
    manager.close("s0");
    expect(exits("s0")).toBe(2);
  });
});
