// One browser socket to a terminal session (/api/ws/terminal), kept free of React so the
// reconnect and "close for good" rules live in one place. The session outlives the socket:
// a dropped socket reconnects with backoff and the server replays scrollback after `reset`.
import { Backoff, isFinalClose } from "@/lib/protocol/reconnect";
import type { TerminalClientMessage, TerminalServerMessage } from "@/lib/protocol/terminal";

export type TerminalStatus = "connecting" | "live" | "reconnecting" | "ended";

export interface TerminalSocketOptions {
  sessionId: string;
  /** The terminal's size now: every (re)connect asks for it, so the shell starts at the right size. */
  size: () => { cols: number; rows: number };
  onBytes: (bytes: Uint8Array) => void;
  onReset: () => void;
  onStatus: (status: TerminalStatus, reason?: string) => void;
}

/** 0.5 s, 1 s, 2 s … 15 s: a dropped socket comes back quickly, a server that's down isn't hammered. */
const RETRY = { initialMs: 500, maxMs: 15_000 };
/** Refusals from the socket router that retrying can't fix: signed out, not allowed, session gone. */
const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404]);
/**
 * The server registers its message listener only after its own database look-ups, so frames
 * sent right after `open` could be lost. The first server frame proves it listens; a quiet
 * shell gets this long before we send anyway.
 */
const READY_FALLBACK_MS = 1_500;
/** How long closing a tab may hold a socket open to deliver `close` before giving up. */
const END_TIMEOUT_MS = 10_000;
const MAX_QUEUED_FRAMES = 1_000;
const CLOSE_MESSAGE = JSON.stringify({ type: "close" } satisfies TerminalClientMessage);

export function terminalSocketUrl(sessionId: string, cols: number, rows: number) {
  const { protocol, host } = window.location;
  const params = new URLSearchParams({ session: sessionId, cols: String(cols), rows: String(rows) });
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/api/ws/terminal?${params}`;
}

function parseControl(text: string): TerminalServerMessage | null {
  try {
    return JSON.parse(text) as TerminalServerMessage;
  } catch {
    return null;
  }
}

export class TerminalSocket {
  private ws: WebSocket | null = null;
  private ready = false;
  private queue: (string | Uint8Array)[] = [];
  private readonly backoff = new Backoff(RETRY);
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readyTimer: ReturnType<typeof setTimeout> | undefined;
  /** running: attached or reconnecting; ending: delivering `close`; done: nothing more to do. */
  private state: "running" | "ending" | "done" = "running";

  constructor(private readonly options: TerminalSocketOptions) {
    this.connect();
  }

  /** Keystrokes and other bytes for the shell. */
  send(bytes: Uint8Array) {
    if (this.state === "running") this.push(bytes);
  }

  resize(cols: number, rows: number) {
    if (this.state === "running") this.push(JSON.stringify({ type: "resize", cols, rows } satisfies TerminalClientMessage));
  }

  /** Ends the session for good (the user closed its tab), even when no socket is open right now. */
  end() {
    if (this.state !== "running") return;
    this.state = "ending";
    clearTimeout(this.retryTimer);
    if (this.ws && this.ready) {
      this.ws.send(CLOSE_MESSAGE);
      return this.stop();
    }
    // Not attached yet: attach (or wait for the attach under way) just to deliver `close`.
    this.queue = [CLOSE_MESSAGE];
    if (!this.ws) this.connect();
    setTimeout(() => this.stop(), END_TIMEOUT_MS);
  }

  /** Drops the socket but leaves the session running, to be resumed later (or after a reload). */
  dispose() {
    // A pending `end()` finishes on its own; the view going away must not cancel it.
    if (this.state !== "ending") this.stop();
  }

  private connect() {
    const { cols, rows } = this.options.size();
    const socket = new WebSocket(terminalSocketUrl(this.options.sessionId, cols, rows));
    socket.binaryType = "arraybuffer";
    this.ws = socket;
    this.ready = false;
    socket.onopen = () => {
      if (this.ws === socket) this.readyTimer = setTimeout(() => this.markReady(false), READY_FALLBACK_MS);
    };
    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (this.ws !== socket) return;
      this.markReady(true);
      if (this.state !== "running") return;
      if (typeof event.data !== "string") return this.options.onBytes(new Uint8Array(event.data));
      const message = parseControl(event.data);
      if (message?.type === "reset") this.options.onReset();
      else if (message?.type === "exit") this.finish(message.reason || `exit code ${message.code ?? "unknown"}`);
    };
    socket.onclose = (event) => {
      if (this.ws !== socket) return;
      this.ws = null;
      this.ready = false;
      clearTimeout(this.readyTimer);
      if (this.state === "ending") return this.stop();
      if (this.state !== "running") return;
      if (isFinalClose(event.code, FINAL_CLOSE_CODES)) return this.finish(event.reason || "closed");
      this.scheduleRetry();
    };
  }

  private markReady(fromServer: boolean) {
    // Only a frame from the server proves the attach worked; a socket that opens and then
    // fails must keep backing off instead of retrying at the shortest delay forever.
    if (fromServer) this.backoff.reset();
    if (this.ready || !this.ws) return;
    this.ready = true;
    clearTimeout(this.readyTimer);
    if (this.state === "running") this.options.onStatus("live");
    for (const frame of this.queue.splice(0)) this.ws.send(frame);
    if (this.state === "ending") this.stop();
  }

  private push(frame: string | Uint8Array) {
    if (this.ws && this.ready) this.ws.send(frame);
    // While reconnecting there is nowhere to send: the next attach carries the current size.
    else if (this.ws && this.queue.length < MAX_QUEUED_FRAMES) this.queue.push(frame);
  }

  private scheduleRetry() {
    this.queue = [];
    this.options.onStatus("reconnecting");
    this.retryTimer = setTimeout(() => this.connect(), this.backoff.next());
  }

  /** The session is over (exit, or the server says it is gone): tell the view, never reconnect. */
  private finish(reason: string) {
    this.stop();
    this.options.onStatus("ended", reason);
  }

  private stop() {
    this.state = "done";
    clearTimeout(this.retryTimer);
    clearTimeout(this.readyTimer);
    this.queue = [];
    const socket = this.ws;
    this.ws = null;
    // Closing after send() still delivers the queued frames before the close frame.
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
  }
}
