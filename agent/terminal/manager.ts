// The agent's shell sessions: one Shell each, with bounded scrollback for replay and an idle
// timeout (no input for N seconds ends it). Core relays bytes; the session lives here.
import type Docker from "dockerode";
import type { AgentMessage, CoreMessage } from "../../lib/protocol/agent";
import { serviceContainer } from "../docker/find-container";
import { Scrollback } from "./scrollback";
import { containerShell, hostShell, type Shell } from "./shells";

type Open = Extract<CoreMessage, { type: "terminal.open" }>;

interface Session {
  shell: Shell;
  scrollback: Scrollback;
  idleTimer: NodeJS.Timeout;
  idleSeconds: number;
}

export class TerminalManager {
  private sessions = new Map<string, Session>();
  private ended = new Set<string>();

  constructor(
    private readonly docker: Docker,
    private readonly send: (message: AgentMessage) => void,
    private readonly enabled: boolean,
  ) {}

  async open(message: Open): Promise<void> {
    const { sessionId, cols, rows } = message;
    if (this.sessions.has(sessionId)) return this.replay(sessionId);
    if (!this.enabled) return this.exit(sessionId, null, "Terminals are turned off on this agent");
    let shell: Shell;
    try {
      shell = message.target.kind === "host" ? await hostShell(cols, rows) : await containerShell(this.docker, await this.containerOf(message.target), cols, rows);
    } catch (e) {
      return this.exit(sessionId, null, `Could not start a shell: ${(e as Error).message}`);
    }
    const session: Session = { shell, scrollback: new Scrollback(), idleSeconds: message.idleTimeoutSeconds, idleTimer: setTimeout(() => {}, 0) };
    this.sessions.set(sessionId, session);
    this.touch(sessionId);
    shell.onData((chunk) => {
      session.scrollback.push(chunk);
      this.send({ type: "terminal.output", sessionId, data: chunk.toString("base64") });
    });
    shell.onExit((code) => this.exit(sessionId, code, "the shell exited"));
  }

  input(sessionId: string, data: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.touch(sessionId);
    session.shell.write(Buffer.from(data, "base64"));
  }

  resize(sessionId: string, cols: number, rows: number): void {
    this.sessions.get(sessionId)?.shell.resize(cols, rows);
  }

  replay(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return this.exit(sessionId, null, "The session is no longer running");
    this.send({ type: "terminal.output", sessionId, data: session.scrollback.contents().toString("base64") });
  }

  close(sessionId: string, reason = "closed by the user"): void {
    const session = this.sessions.get(sessionId);
    if (!session) return this.exit(sessionId, null, reason);
    session.shell.kill();
    this.exit(sessionId, null, reason);
  }

  closeAll(reason: string): void {
    for (const id of [...this.sessions.keys()]) this.close(id, reason);
  }

  private touch(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    clearTimeout(session.idleTimer);
    const idle = session.idleSeconds >= 60 ? `${Math.round(session.idleSeconds / 60)} min` : `${session.idleSeconds} s`;
    session.idleTimer = setTimeout(() => this.close(sessionId, `idle for ${idle}`), session.idleSeconds * 1000);
  }

  /** Reports the end once: a kill is followed by the shell's own exit event. */
  private exit(sessionId: string, code: number | null, reason: string): void {
    const session = this.sessions.get(sessionId);
    if (session) {
      clearTimeout(session.idleTimer);
      this.sessions.delete(sessionId);
    } else if (this.ended.has(sessionId)) return;
    this.ended.add(sessionId);
    this.send({ type: "terminal.exit", sessionId, code, reason });
  }

  private async containerOf(target: Exclude<Open["target"], { kind: "host" }>): Promise<string> {
    if (target.kind === "pod") throw new Error("pod shells need an agent in cluster mode");
    return target.kind === "container" ? target.container : serviceContainer(target.project, target.service);
  }
}
