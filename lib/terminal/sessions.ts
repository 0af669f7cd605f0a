// Live shell sessions relayed between browsers and agents. The agent owns the shell and its
// bounded scrollback; core only relays, so a browser that reconnects gets the scrollback
// replayed. The browser's core and the agent's may differ: keystrokes go to the agent's core
// (agents/relay.ts) and output comes back to every core (agents/forward.ts), which delivers it to
// the browsers attached here. An agent that loses its core keeps its shells for
// RECONNECT_GRACE_SECONDS; if it is back in time (on any core), attached browsers are reset and
// get the scrollback again. Sessions end on exit, on the idle timeout (enforced by the agent),
// on close, when the agent stays away past the grace, or when its user's access is revoked —
// and every end is written to the audit record.
import type { WebSocket } from "ws";
import { db } from "../db";
import { logger } from "../logger";
import { onClusterMessage } from "../cluster/notify";
import { RECONNECT_GRACE_SECONDS, type CoreMessage } from "../protocol/agent";
import { presenceOf, sendToAgent } from "../agents/relay";
import type { TerminalServerMessage } from "../protocol/terminal";

interface LiveSession {
  agentId: string;
  opened: boolean;
  sockets: Set<WebSocket>;
  /** Set while the agent is away: the session ends when it fires. */
  graceTimer?: NodeJS.Timeout;
  /** Messages to the agent, in order: reaching another core's agent is asynchronous, keystrokes must not overtake each other. */
  outbox: Promise<boolean>;
}

const globalSessions = globalThis as unknown as { wheelhouseTerminals?: Map<string, LiveSession> };
const live = (globalSessions.wheelhouseTerminals ??= new Map());

function sendControl(socket: WebSocket, message: TerminalServerMessage) {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/** Attaches a browser socket; opens the shell on first attach, replays scrollback after. */
/** To the session's agent wherever it is connected, in order; a lost message is a lost keystroke, never an error. */
function toAgent(session: LiveSession, message: CoreMessage): Promise<boolean> {
  session.outbox = session.outbox.then(() =>
    sendToAgent(session.agentId, message).catch((e) => {
      logger.warn(`could not reach agent ${session.agentId} for a shell`, e);
      return false;
    }),
  );
  return session.outbox;
}

export async function attach(
  sessionId: string,
  agentId: string,
  socket: WebSocket,
  open: Omit<Extract<CoreMessage, { type: "terminal.open" }>, "type" | "sessionId">,
) {
  let session = live.get(sessionId);
  if (!session) {
    session = { agentId, opened: false, sockets: new Set(), outbox: Promise.resolve(true) };
    live.set(sessionId, session);
  }
  session.sockets.add(socket);
  socket.on("close", () => session.sockets.delete(socket));
  // The agent opens a session it doesn't have and replays one it has (a browser that comes
  // back through another core sends an open for a shell that is already running).
  const first = !session.opened;
  session.opened = true;
  if (!first) sendControl(socket, { type: "reset" });
  const sent = await toAgent(session, first ? { type: "terminal.open", sessionId, ...open } : { type: "terminal.replay", sessionId });
  if (!sent && first) await endSession(sessionId, null, "The agent is not connected");
}

export function input(sessionId: string, data: Buffer) {
  const session = live.get(sessionId);
  if (session) void toAgent(session, { type: "terminal.input", sessionId, data: data.toString("base64") });
}

export function resize(sessionId: string, cols: number, rows: number) {
  const session = live.get(sessionId);
  if (session) void toAgent(session, { type: "terminal.resize", sessionId, cols, rows });
}

export async function close(sessionId: string) {
  const session = live.get(sessionId);
  if (!session || !(await toAgent(session, { type: "terminal.close", sessionId }))) await endSession(sessionId, null, "closed by the user");
}

export function onTerminalOutput(sessionId: string, data: string) {
  const bytes = Buffer.from(data, "base64");
  for (const socket of live.get(sessionId)?.sockets ?? []) if (socket.readyState === socket.OPEN) socket.send(bytes);
}

/** Ends a live shell for a reason of core's (access revoked): the agent closes it, the browser and the audit record get the reason. */
export async function terminate(sessionId: string, reason: string) {
  const session = live.get(sessionId);
  if (session) await toAgent(session, { type: "terminal.close", sessionId });
  await endSession(sessionId, null, reason);
}

/** Shells running through this process (attached now or not). */
export function liveSessionIds(): string[] {
  return [...live.keys()];
}

export async function onTerminalExit(sessionId: string, code: number | null, reason: string) {
  await endSession(sessionId, code, reason);
}

async function endSession(sessionId: string, code: number | null, reason: string) {
  const session = live.get(sessionId);
  live.delete(sessionId);
  clearTimeout(session?.graceTimer);
  for (const socket of session?.sockets ?? []) {
    sendControl(socket, { type: "exit", code, reason });
    socket.close(1000);
  }
  try {
    await db.terminalSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date(), endReason: reason } });
  } catch (e) {
    logger.error(`could not record the end of terminal session ${sessionId}`, e);
  }
}

/** The agent's socket closed (on any core): its shells end unless it is back within the grace. */
export function agentAway(agentId: string, reason: string) {
  for (const [id, session] of live) {
    if (session.agentId !== agentId || session.graceTimer) continue;
    const giveUp = async () => {
      // "Gone" and "back" can cross between cores: trust where the agent is now.
      if (await presenceOf(agentId).catch(() => null)) return agentBack(agentId);
      await endSession(id, null, `${reason}, and it did not reconnect within ${RECONNECT_GRACE_SECONDS} s`);
    };
    session.graceTimer = setTimeout(() => void giveUp(), RECONNECT_GRACE_SECONDS * 1000);
  }
}

/**
 * The agent made a new connection (on any core): what its shells printed meanwhile went nowhere,
 * so attached browsers start over from its scrollback. (When the core it had died, nobody said it
 * was gone: a new connection is the one sure sign.)
 */
export function agentBack(agentId: string) {
  for (const [id, session] of live) {
    if (session.agentId !== agentId) continue;
    clearTimeout(session.graceTimer);
    session.graceTimer = undefined;
    for (const socket of session.sockets) sendControl(socket, { type: "reset" });
    void toAgent(session, { type: "terminal.replay", sessionId: id });
  }
}

onClusterMessage("agent.gone", "terminals", (body) => {
  const { agentId, reason } = body as { agentId: string; reason: string };
  agentAway(agentId, reason);
});
onClusterMessage("agent.back", "terminals", (body) => agentBack((body as { agentId: string }).agentId));

/** The agent a live session runs on (undefined when it isn't live here). */
export function sessionAgent(sessionId: string): string | undefined {
  return live.get(sessionId)?.agentId;
}

export function isLive(sessionId: string) {
  return live.has(sessionId);
}
