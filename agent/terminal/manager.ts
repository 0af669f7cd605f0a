// The agent's shell sessions: one Shell each, with bounded scrollback for replay and an idle
// timeout (no input for N seconds ends it). Core relays bytes; the session lives here.
import type Docker from "dockerode";
import type { AgentMessage, CoreMessage } from "../../lib/protocol/agent";
import { deploymentContainer, serviceContainer } from "../docker/find-container";
import { Scrollback } from "./scrollback";
import { containerShell, hostShell, type Shell } from "./shells";

type Open = Extract<CoreMessage, { type: "terminal.open" }>;
type PodTarget = Extract<Open["target"], { kind: "pod" }>;
/** Starts a shell in a pod (cluster mode); it refuses itself when pod exec is off on this agent. */
export type PodShellFactory = (target: PodTarget, cols: number, rows: number) => Promise<Shell>;

interface Session {
  shell: Shell;
  scrollback: Scrollback;
  idleTimer: NodeJS.Timeout;
  idleSeconds: number;
}

/** Ended session ids remembered so an end is reported once; the oldest are forgotten past this. */
export const ENDED_REMEMBERED = 1000;

export class TerminalManager {
  private sessions = new Map<string, Session>();
  /** Insertion-ordered, bounded: an agent that runs for months opens many shells. */
  private ended = new Set<string>();
  private podShells?: PodShellFactory;

  constructor(
    private readonly docker: Docker,
    private readonly send: (message: AgentMessage) => void,
    private readonly enabled: boolean,
  ) {}

  /** Cluster mode: how pod shells start. Without it, pod targets are refused. */
  setPodShells(factory: PodShellFactory): void {
    this.podShells = factory;
  }

  async open(message: Open): Promise<void> {
    const { sessionId, cols, rows } = message;
    if (this.sessions.has(sessionId)) return this.replay(sessionId);
    if (!this.enabled) return this.exit(sessionId, null, "Terminals are turned off on this agent");
    let shell: Shell;
    try {
      shell = await this.start(message.target, cols, rows);
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

  /** How many ended sessions are remembered (bounded by ENDED_REMEMBERED). */
  get endedRemembered(): number {
    return this.ended.size;
  }

  /** Reports the end once: a kill is followed by the shell's own exit event. */
  private exit(sessionId: string, code: number | null, reason: string): void {
    const session = this.sessions.get(sessionId);
    if (session) {
      clearTimeout(session.idleTimer);
      this.sessions.delete(sessionId);
    } else if (this.ended.has(sessionId)) return;
    this.ended.add(sessionId);
    if (this.ended.size > ENDED_REMEMBERED) this.ended.delete(this.ended.values().next().value!);
    this.send({ type: "terminal.exit", sessionId, code, reason });
  }

  private async start(target: Open["target"], cols: number, rows: number): Promise<Shell> {
    if (target.kind === "host") return hostShell(cols, rows);
    if (target.kind === "pod") {
      if (!this.podShells) throw new Error("pod shells need an agent in cluster mode");
      return this.podShells(target, cols, rows);
    }
    const container = target.kind === "container" ? (await deploymentContainer(target.container)).Id : await serviceContainer(target.project, target.service);
    return containerShell(this.docker, container, cols, rows);
  }
}
