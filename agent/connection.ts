// The agent's one socket to core: dials out, authenticates with its stored credential (or
// the enrollment token the first time), heartbeats, and reconnects with capped exponential
// backoff and jitter whenever the socket drops — to the next of its core URLs when it has
// several, so losing one core process moves the agent to another at once. A core that refuses the agent's protocol
// version (CLOSE_UNSUPPORTED_PROTOCOL) is logged with its reason and does not reset the backoff.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import { CLOSE_UNSUPPORTED_PROTOCOL, ZCoreMessage, type AgentMessage, type CoreMessage } from "../lib/protocol/agent";
import { MAX_FRAME_BYTES } from "../lib/protocol/frames";
import { Backoff } from "../lib/protocol/reconnect";

export interface ConnectionOptions {
  coreUrls: string[];
  token?: string;
  stateDir: string;
  hello: () => Promise<Extract<AgentMessage, { type: "hello" }>>;
  onMessage: (message: CoreMessage) => void;
  onConnected?: () => void;
  onDisconnected?: () => void;
  log: (line: string) => void;
}

const HEARTBEAT_MS = 3_000;
/** 1 s, 2 s, 4 s … 30 s, each ±25% so a fleet that lost core at once doesn't redial in lockstep. */
const RETRY = { initialMs: 1_000, maxMs: 30_000, jitter: 0.25 };

export class CoreConnection {
  private socket?: WebSocket;
  private readonly backoff = new Backoff(RETRY);
  private heartbeat?: NodeJS.Timeout;
  private stopped = false;
  private readonly credentialFile: string;
  /** Which of the core URLs the next dial uses. */
  private next = 0;

  constructor(private readonly options: ConnectionOptions) {
    mkdirSync(options.stateDir, { recursive: true });
    this.credentialFile = path.join(options.stateDir, "credential");
  }

  start(): void {
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.socket?.close(1000, "agent stopping");
  }

  send(message: AgentMessage): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(message);
    // Core closes a socket whose frame is over the limit (1009), and a reconnect would send it
    // again: whatever can grow is paged before it gets here, so this only drops a stray one.
    if (Buffer.byteLength(text) > MAX_FRAME_BYTES)
      return this.options.log(`not sent: a ${message.type} message of ${Buffer.byteLength(text)} bytes is over core's ${MAX_FRAME_BYTES}-byte frame limit`);
    this.socket.send(text);
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private secret(): string | undefined {
    if (existsSync(this.credentialFile)) return readFileSync(this.credentialFile, "utf8").trim();
    return this.options.token;
  }

  private connect(): void {
    const secret = this.secret();
    if (!secret) throw new Error("No credential stored and no --token given: create an enrollment token on the Server page");
    const coreUrl = this.options.coreUrls[this.next % this.options.coreUrls.length]!;
    const url = `${coreUrl.replace(/^http/, "ws")}/api/ws/agent`;
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${secret}` }, handshakeTimeout: 10_000 });
    this.socket = socket;
    let opened = false;
    socket.on("open", async () => {
      opened = true;
      this.options.log(`connected to ${coreUrl}`);
      this.send(await this.options.hello());
      this.heartbeat = setInterval(() => this.send({ type: "heartbeat" }), HEARTBEAT_MS);
      this.options.onConnected?.();
    });
    socket.on("message", (raw) => {
      let json: unknown;
      try {
        json = JSON.parse(String(raw));
      } catch {
        json = undefined;
      }
      const parsed = ZCoreMessage.safeParse(json);
      if (!parsed.success) return this.options.log("ignored a message that is not in the protocol");
      if (parsed.data.type === "welcome" && parsed.data.credential) {
        writeFileSync(this.credentialFile, parsed.data.credential, { mode: 0o600 });
        this.options.log("enrolled: credential stored");
      }
      this.options.onMessage(parsed.data);
    });
    socket.on("close", (code, reason) => {
      clearInterval(this.heartbeat);
      // A revoked credential: fall back to a fresh enrollment token if the operator gave one.
      if (code === 4401 && this.options.token && secret !== this.options.token) rmSync(this.credentialFile, { force: true });
      // A socket that opened counts as a working connection, so the next wait starts over —
      // except a protocol refusal: the socket opened before core read our hello, so opening
      // proved nothing, or an outdated agent would redial every second until upgraded.
      if (code === CLOSE_UNSUPPORTED_PROTOCOL) this.options.log(`core refused this agent: ${reason.toString()}`);
      else if (opened) this.backoff.reset();
      this.options.onDisconnected?.();
      if (this.stopped) return;
      this.next++;
      // The first retry after a working connection goes straight to the next core: the agent's
      // commands and shells wait only RECONNECT_GRACE_SECONDS for it.
      const delay = opened && this.options.coreUrls.length > 1 ? 0 : this.backoff.next();
      this.options.log(`disconnected (${code}${reason.length ? ` ${reason}` : ""}); reconnecting in ${(delay / 1000).toFixed(1)} s`);
      setTimeout(() => this.connect(), delay);
    });
    socket.on("error", (e) => this.options.log(`socket error: ${e.message}`));
  }
}
