// The terminal dock's socket client against a fake WebSocket: the browser API is what it talks
// to, and a browser isn't available to unit tests, so FakeWebSocket plays the browser's socket
// (closing fires `close` a tick later, as a browser does) and the test plays the server.
// Fake timers stand in for the retry, ready-fallback and end timeouts.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TerminalSocket, type TerminalSocketOptions, type TerminalStatus } from "./terminal-socket";

class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];

  readyState = FakeWebSocket.CONNECTING;
  binaryType = "blob";
  /** What the client sent, text frames as strings and binary ones as bytes. */
  sent: (string | Uint8Array)[] = [];
  closedWith: number | undefined;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: { data: string | ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string | Uint8Array) {
    // A browser throws when sending on a socket that is still connecting.
    if (this.readyState !== FakeWebSocket.OPEN) throw new Error(`send() while readyState is ${this.readyState}`);
    this.sent.push(typeof data === "string" ? data : new Uint8Array(data));
  }

  close(code?: number) {
    if (this.readyState >= FakeWebSocket.CLOSING) return;
    this.closedWith = code;
    this.readyState = FakeWebSocket.CLOSING;
    queueMicrotask(() => this.serverClose(code ?? 1005));
  }

  // The server's side.
  open() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.(new Event("open"));
  }
  text(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  bytes(text: string) {
    this.onmessage?.({ data: new TextEncoder().encode(text).buffer as ArrayBuffer });
  }
  serverClose(code: number, reason = "") {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code, reason });
  }
  /** The socket opens and the server speaks first (scrollback or a reset): the client is attached. */
  attach() {
    this.open();
    this.text({ type: "reset" });
  }
}

const sockets = () => FakeWebSocket.instances;
const last = () => sockets().at(-1)!;
const key = (text: string) => new TextEncoder().encode(text);
const decoded = (socket: FakeWebSocket) => socket.sent.map((frame) => (typeof frame === "string" ? frame : `bytes:${new TextDecoder().decode(frame)}`));

let statuses: [TerminalStatus, string | undefined][];
let output: string[];
let resets: number;
let size: { cols: number; rows: number };

function start(overrides: Partial<TerminalSocketOptions> = {}) {
  return new TerminalSocket({
    sessionId: "sess-1",
    size: () => size,
    onBytes: (bytes) => output.push(new TextDecoder().decode(bytes)),
    onReset: () => resets++,
    onStatus: (status, reason) => statuses.push([status, reason]),
    ...overrides,
  });
}

/** Drops the current socket and checks the client redials after exactly `delay` ms, no sooner. */
async function dropAndExpectRetryAfter(delay: number) {
  const before = sockets().length;
  last().serverClose(1006);
  expect(statuses.at(-1)).toEqual(["reconnecting", undefined]);
  await vi.advanceTimersByTimeAsync(delay - 1);
  expect(sockets()).toHaveLength(before);
  await vi.advanceTimersByTimeAsync(1);
  expect(sockets()).toHaveLength(before + 1);
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
  statuses = [];
  output = [];
  resets = 0;
  size = { cols: 120, rows: 40 };
  vi.stubGlobal("WebSocket", FakeWebSocket);
  vi.stubGlobal("window", { location: { protocol: "http:", host: "wheelhouse.test:3000" } });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("TerminalSocket", () => {
  it("dials the session's socket with the terminal's current size", () => {
    start();
    expect(sockets()).toHaveLength(1);
    const url = new URL(last().url);
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe("ws://wheelhouse.test:3000/api/ws/terminal");
    expect(Object.fromEntries(url.searchParams)).toEqual({ session: "sess-1", cols: "120", rows: "40" });
    expect(last().binaryType).toBe("arraybuffer");
  });

  it("dials wss:// from an https page", () => {
    vi.stubGlobal("window", { location: { protocol: "https:", host: "wheelhouse.test" } });
    start();
    expect(last().url.startsWith("wss://wheelhouse.test/api/ws/terminal?")).toBe(true);
  });

  it("holds keystrokes until the server's first frame, then sends them in order", () => {
    const terminal = start();
    const socket = last();
    terminal.send(key("a"));
    // The server registers its listener only after its own look-ups: opening proves nothing.
    socket.open();
    terminal.send(key("b"));
    terminal.resize(100, 30);
    terminal.send(key("c"));
    expect(socket.sent).toEqual([]);
    expect(statuses).toEqual([]);

    socket.bytes("$ ");
    expect(output).toEqual(["$ "]);
    expect(statuses).toEqual([["live", undefined]]);
    expect(decoded(socket)).toEqual(["bytes:a", "bytes:b", '{"type":"resize","cols":100,"rows":30}', "bytes:c"]);

    terminal.send(key("d"));
    expect(decoded(socket).at(-1)).toBe("bytes:d");
  });

  it("sends what it holds anyway once an opened socket stays quiet for a while", async () => {
    const terminal = start();
    const socket = last();
    socket.open();
    terminal.send(key("x"));
    await vi.advanceTimersByTimeAsync(1_499);
    expect(socket.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(decoded(socket)).toEqual(["bytes:x"]);
    expect(statuses).toEqual([["live", undefined]]);
  });

  it("sends resize frames once attached", () => {
    const terminal = start();
    last().attach();
    expect(resets).toBe(1);
    terminal.resize(80, 24);
    expect(last().sent).toEqual(['{"type":"resize","cols":80,"rows":24}']);
  });

  it("reconnects a dropped socket after 500 ms, backs off while attaches fail, and starts over after a server frame", async () => {
    start();
    last().attach();
    await dropAndExpectRetryAfter(500);
    // Opens but is dropped before the server says anything: not proof the attach works.
    last().open();
    await dropAndExpectRetryAfter(1_000);
    await dropAndExpectRetryAfter(2_000);
    await dropAndExpectRetryAfter(4_000);
    await dropAndExpectRetryAfter(8_000);
    await dropAndExpectRetryAfter(15_000);
    await dropAndExpectRetryAfter(15_000);
    last().attach();
    expect(statuses.at(-1)).toEqual(["live", undefined]);
    await dropAndExpectRetryAfter(500);
  });

  it("asks for the terminal's size at the time of each reconnect", async () => {
    start();
    last().attach();
    size = { cols: 90, rows: 20 };
    await dropAndExpectRetryAfter(500);
    expect(Object.fromEntries(new URL(last().url).searchParams)).toEqual({ session: "sess-1", cols: "90", rows: "20" });
  });

  it.each([
    [4401, "Signed out"],
    [4403, "Not allowed"],
    [4404, "Session not found"],
  ])("ends for good on close code %i with the server's reason, and never redials", async (code, reason) => {
    start();
    last().attach();
    last().serverClose(code, reason);
    expect(statuses.at(-1)).toEqual(["ended", reason]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets()).toHaveLength(1);
    expect(statuses.map(([status]) => status)).not.toContain("reconnecting");
  });

  it("says 'closed' when a final close carries no reason", () => {
    start();
    last().serverClose(4404);
    expect(statuses).toEqual([["ended", "closed"]]);
  });

  it("ends with the reason of an exit frame, closes the socket and never redials", async () => {
    const terminal = start();
    const socket = last();
    socket.attach();
    socket.text({ type: "exit", code: 0, reason: "Session idle for 30 minutes" });
    expect(statuses.at(-1)).toEqual(["ended", "Session idle for 30 minutes"]);
    expect(socket.closedWith).toBe(1000);
    terminal.send(key("ignored"));
    expect(socket.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets()).toHaveLength(1);
  });

  it("names the exit code when an exit frame has no reason", () => {
    start();
    last().attach();
    last().text({ type: "exit", code: 3, reason: "" });
    expect(statuses.at(-1)).toEqual(["ended", "exit code 3"]);
  });

  it("calls onReset for a reset frame (and not onBytes)", () => {
    start();
    last().open();
    last().text({ type: "reset" });
    expect(resets).toBe(1);
    expect(output).toEqual([]);
    last().bytes("scrollback");
    expect(output).toEqual(["scrollback"]);
    expect(resets).toBe(1);
  });

  it("end() sends close on an attached socket and then closes it", async () => {
    const terminal = start();
    const socket = last();
    socket.attach();
    terminal.end();
    expect(socket.sent).toEqual(['{"type":"close"}']);
    expect(socket.closedWith).toBe(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets()).toHaveLength(1);
  });

  it("end() before the attach finishes waits for it and delivers close (only close), even if the view is disposed", async () => {
    const terminal = start();
    const socket = last();
    terminal.send(key("typed before attach"));
    terminal.end();
    // The view going away (the tab was closed) must not cancel the delivery.
    terminal.dispose();
    expect(socket.closedWith).toBeUndefined();
    socket.open();
    expect(socket.sent).toEqual([]);
    socket.text({ type: "reset" });
    expect(socket.sent).toEqual(['{"type":"close"}']);
    expect(socket.closedWith).toBe(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets()).toHaveLength(1);
  });

  it("end() while reconnecting dials at once to deliver close", async () => {
    const terminal = start();
    last().attach();
    last().serverClose(1006);
    expect(sockets()).toHaveLength(1);
    terminal.end();
    expect(sockets()).toHaveLength(2);
    last().attach();
    expect(last().sent).toEqual(['{"type":"close"}']);
    expect(last().closedWith).toBe(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets()).toHaveLength(2);
  });

  it("end() gives up after 10 s when the server never answers", async () => {
    const terminal = start();
    terminal.end();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(last().closedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(last().closedWith).toBe(1000);
    expect(sockets()).toHaveLength(1);
  });

  it("dispose() closes the socket but leaves the session running: no close message, no ended, no redial", async () => {
    const terminal = start();
    const socket = last();
    socket.attach();
    terminal.dispose();
    expect(socket.closedWith).toBe(1000);
    expect(socket.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.readyState).toBe(FakeWebSocket.CLOSED);
    expect(sockets()).toHaveLength(1);
    expect(statuses).toEqual([["live", undefined]]);
  });
});
