import { describe, expect, it } from "vitest";
import { parseLiveClientMessage, ZLiveEvent, ZLiveServerMessage } from "./live";
import { LIVE_SERVER_TYPES, liveServerMessage } from "./live-guard";

describe("live-feed protocol", () => {
  it("takes a browser's subscribe and unsubscribe", () => {
    expect(parseLiveClientMessage(JSON.stringify({ type: "subscribe", updateId: "u1" }))).toEqual({ ok: true, message: { type: "subscribe", updateId: "u1" } });
    expect(parseLiveClientMessage(JSON.stringify({ type: "unsubscribe", updateId: "u1" }))).toEqual({
      ok: true,
      message: { type: "unsubscribe", updateId: "u1" },
    });
  });

  it("refuses anything else from a browser with a reason", () => {
    expect(parseLiveClientMessage("{not json")).toEqual({ ok: false, error: "Not a live-feed message: the frame is not JSON" });
    const unknown = parseLiveClientMessage(JSON.stringify({ type: "publish", updateId: "u1" }));
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.error).toMatch(/^Not a live-feed message at type: .*expected \{"type":"subscribe"\|"unsubscribe"/);
    const long = parseLiveClientMessage(JSON.stringify({ type: "subscribe", updateId: "x".repeat(65) }));
    expect(!long.ok && long.error).toMatch(/^Not a live-feed message at updateId: /);
    expect(parseLiveClientMessage(JSON.stringify({ type: "subscribe" })).ok).toBe(false);
  });

  it("describes every event core sends, kube.changed included", () => {
    expect(ZLiveEvent.parse({ type: "kube.changed", clusterId: "c1" })).toEqual({ type: "kube.changed", clusterId: "c1" });
    expect(ZLiveEvent.safeParse({ type: "kube.changed" }).success).toBe(false);
    expect(ZLiveEvent.parse({ type: "update.snapshot", updateId: "u", lines: null })).toEqual({ type: "update.snapshot", updateId: "u", lines: null });
    expect(ZLiveEvent.safeParse({ type: "update.log", updateId: "u", stage: "s", stream: "stdin", line: "x" }).success).toBe(false);
    expect(ZLiveServerMessage.parse({ type: "ready", user: "ada" })).toEqual({ type: "ready", user: "ada" });
    expect(ZLiveServerMessage.parse({ type: "error", message: "no" })).toEqual({ type: "error", message: "no" });
    // ready and error are frames of the feed, never events on the bus.
    expect(ZLiveEvent.safeParse({ type: "ready", user: "ada" }).success).toBe(false);
  });
});

describe("the browser's guard (live-guard.ts)", () => {
  it("knows every type the server may send, and nothing else", () => {
    // Each option of the server message union (the bus events among them) declares its type as a literal.
    const types = new Set<string>();
    const collect = (schema: unknown) => {
      const def = (schema as { def?: { type?: string; options?: unknown[]; shape?: { type?: { def?: { values?: string[] } } } } }).def;
      if (def?.options) def.options.forEach(collect);
      for (const v of def?.shape?.type?.def?.values ?? []) types.add(v);
    };
    collect(ZLiveServerMessage);
    expect(types.size).toBeGreaterThan(5);
    expect([...LIVE_SERVER_TYPES].sort()).toEqual([...types].sort());
  });

  it("passes frames by type and refuses garbage", () => {
    expect(liveServerMessage(JSON.stringify({ type: "kube.changed", clusterId: "c" }))).toEqual({ type: "kube.changed", clusterId: "c" });
    expect(liveServerMessage(JSON.stringify({ type: "nope" }))).toBeNull();
    expect(liveServerMessage("null")).toBeNull();
    expect(liveServerMessage("{broken")).toBeNull();
  });
});
