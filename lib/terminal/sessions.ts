// Live shell sessions relayed between browsers and agents. The agent owns the shell and its
// bounded scrollback; core only relays, so a browser that reconnects gets the scrollback
// replayed. Sessions end on exit, on the idle timeout (enforced by the agent), on close,
// when the agent goes away, or when its user's access is revoked — and every end is written to
// the audit record.
import type { WebSocket } from "ws";
import { db } from "../db";
import { logger } from "../logger";
import type { CoreMessage } from "../protocol/agent";
import { connectionOf } from "../agents/hub";
import type { TerminalServerMessage } from "../protocol/terminal";

interface LiveSession {
  agentId: string;
  opened: boolean;
  sockets: Set<WebSocket>;
}

const globalSessions = globalThis as unknown as { wheelhouseTerminals?: Map<string, LiveSession> };
const live = (globalSessions.wheelhouseTerminals ??= new Map());

function sendControl(socket: WebSocket, message: TerminalServerMessage) {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/** Attaches a browser socket; opens the shell on first attach, replays scrollback after. */
export function attach(
  sessionId: string,
  agentId: string,
  socket: WebSocket,
  open: Omit<Extract<CoreMessage, { type: "terminal.open" }>, "type" | "sessionId">,
) {
  const conn = connectionOf(agentId);
  if (!conn) {
    sendControl(socket, { type: "exit", code: null, reason: "The agent is not connected" });
    socket.close(1000);
    return;
  }
  let session = live.get(sessionId);
  if (!session) {
    session = { agentId, opened: false, sockets: new Set() };
    live.set(sessionId, session);
  }
  session.sockets.add(socket);
  if (!session.opened) {
    session.opened = true;
    conn.send({ type: "terminal.open", sessionId, ...open });
  } else {
    sendControl(socket, { type: "reset" });
    conn.send({ type: "terminal.replay", sessionId });
  }
  socket.on("close", () => session!.sockets.delete(socket));
}

export function input(sessionId: string, data: Buffer) {
  const session = live.get(sessionId);
  if (session) connectionOf(session.agentId)?.send({ type: "terminal.input", sessionId, data: data.toString("base64") });
}

export function resize(sessionId: string, cols: number, rows: number) {
  const session = live.get(sessionId);
  if (session) connectionOf(session.agentId)?.send({ type: "terminal.resize", sessionId, cols, rows });
}

export function close(sessionId: string) {
  const session = live.get(sessionId);
  if (session) connectionOf(session.agentId)?.send({ type: "terminal.close", sessionId });
  else void endSession(sessionId, null, "closed by the user");
}

export function onTerminalOutput(sessionId: string, data: string) {
  const bytes = Buffer.from(data, "base64");
  for (const socket of live.get(sessionId)?.sockets ?? []) if (socket.readyState === socket.OPEN) socket.send(bytes);
}

/** Ends a live shell for a reason of core's (access revoked): the agent closes it, the browser and the audit record get the reason. */
export async function terminate(sessionId: string, reason: string) {
  const session = live.get(sessionId);
  if (session) connectionOf(session.agentId)?.send({ type: "terminal.close", sessionId });
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

export async function endSessionsOfAgent(agentId: string, reason: string) {
  for (const [id, session] of live) if (session.agentId === agentId) await endSession(id, null, reason);
}

/** The agent a live session runs on (undefined when it isn't live here). */
export function sessionAgent(sessionId: string): string | undefined {
  return live.get(sessionId)?.agentId;
}

export function isLive(sessionId: string) {
  return live.has(sessionId);
}
