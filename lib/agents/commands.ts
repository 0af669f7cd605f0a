// Sending a command to an agent and following it to its end. The command is a row first
// (with an idempotency key the agent remembers), then a message; its log lines stream into
// the Update; a result, a timeout or a disconnect ends it — exactly once.
// A payload is a fully resolved spec with secret values in it. It is sent from memory and never
// resent (after a restart in-flight commands are failed), so the row keeps only its kind;
// finished rows are deleted after COMMAND_RETENTION_DAYS.
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { AppError } from "../errors";
import { logger } from "../logger";
import type { CommandPayload } from "../protocol/agent";
import { appendLog, finishExecution, stageEvent } from "../updates/progress";
import { connectionOf } from "./hub";

export interface CommandOutcome {
  success: boolean;
  error?: string;
  result?: Record<string, unknown>;
}

interface InFlight {
  agentId: string;
  updateId: string;
  timer: NodeJS.Timeout;
  resolve: (outcome: CommandOutcome) => void;
}

const globalCommands = globalThis as unknown as { wheelhouseInFlight?: Map<string, InFlight> };
const inFlight = (globalCommands.wheelhouseInFlight ??= new Map());

/** The agent a command in flight was sent to; undefined once it has ended (or if never sent). */
export function commandAgent(commandId: string): string | undefined {
  return inFlight.get(commandId)?.agentId;
}

/**
 * Sends the command and resolves when it ends. The Update is NOT finished here: the caller
 * may have follow-up work (e.g. recording the deployed config) before it completes it.
 */
export async function runOnAgent(agentId: string, updateId: string, payload: CommandPayload, timeoutSeconds = 600): Promise<CommandOutcome> {
  const conn = connectionOf(agentId);
  if (!conn) throw new AppError("AGENT_OFFLINE", "The server's agent is not connected");
  const command = await db.agentCommand.create({
    data: {
      agentId,
      updateId,
      idempotencyKey: randomUUID(),
      payload: { kind: payload.kind },
      status: "sent",
      sentAt: new Date(),
      deadline: new Date(Date.now() + timeoutSeconds * 1000),
    },
  });
  return new Promise<CommandOutcome>((resolve) => {
    const timer = setTimeout(
      () => void settle(command.id, { success: false, error: `Timed out after ${timeoutSeconds} s without a result from the agent` }),
      timeoutSeconds * 1000,
    );
    inFlight.set(command.id, { agentId, updateId, timer, resolve });
    conn.send({ type: "command", commandId: command.id, idempotencyKey: command.idempotencyKey, timeoutSeconds, payload });
  });
}

/** Records on the row that the command has ended, and how. */
async function endRow(commandId: string, success: boolean, error?: string) {
  await db.agentCommand.update({ where: { id: commandId }, data: { status: success ? "done" : "failed", error, finishedAt: new Date() } });
}

async function settle(commandId: string, outcome: CommandOutcome) {
  const entry = inFlight.get(commandId);
  if (!entry) return;
  inFlight.delete(commandId);
  clearTimeout(entry.timer);
  try {
    await endRow(commandId, outcome.success, outcome.error);
  } catch (e) {
    // The caller still learns the outcome and ends its Update; the row, left in flight, is
    // failed by the deadline check (enforceDeadlines) once its deadline passes.
    logger.error(`could not record the end of agent command ${commandId}`, e);
  } finally {
    entry.resolve(outcome);
  }
}

/** Statuses of a command that has not ended. */
const IN_FLIGHT = ["queued", "sent", "acked"];

function timeoutMessage(row: { sentAt: Date | null; createdAt: Date; deadline: Date }) {
  const seconds = Math.round((row.deadline.getTime() - (row.sentAt ?? row.createdAt).getTime()) / 1000);
  return `Timed out after ${seconds} s without a result from the agent`;
}

/** Fails a row nobody in this process follows, and its Update (a no-op if that already ended). */
async function failOrphan(row: { id: string; updateId: string | null }, error: string) {
  await endRow(row.id, false, error);
  if (row.updateId) await finishExecution(row.updateId, false, error);
}

/**
 * Deadlines are enforced from the rows, not only by this process's timers: a command whose
 * deadline has passed ends failed even when the process that sent it is gone.
 */
export async function enforceDeadlines(now = new Date()): Promise<number> {
  const overdue = await db.agentCommand.findMany({
    where: { status: { in: IN_FLIGHT }, deadline: { lt: now } },
    select: { id: true, updateId: true, sentAt: true, createdAt: true, deadline: true },
  });
  for (const row of overdue) {
    if (inFlight.has(row.id)) await settle(row.id, { success: false, error: timeoutMessage(row) });
    else await failOrphan(row, timeoutMessage(row));
  }
  return overdue.length;
}

/**
 * At core start: rows still in flight belong to a process that is gone (this one follows
 * none yet), and nothing will ever report on them. Each ends failed with `error`.
 */
export async function abandonCommands(error: string): Promise<number> {
  const rows = await db.agentCommand.findMany({ where: { status: { in: IN_FLIGHT } }, select: { id: true, updateId: true } });
  for (const row of rows) await failOrphan(row, error);
  return rows.length;
}

export async function onAck(commandId: string, duplicate: boolean) {
  const entry = inFlight.get(commandId);
  if (!entry) return;
  await db.agentCommand.update({ where: { id: commandId }, data: { status: "acked" } });
  if (duplicate) appendLog(entry.updateId, "agent", "stderr", "The agent had already received this command; it was not run again.");
}

export async function onStage(commandId: string, stage: string, command: string, status: "start" | "end", success?: boolean) {
  const entry = inFlight.get(commandId);
  if (entry) await stageEvent(entry.updateId, stage, command, status, success);
}

export function onLog(commandId: string, stage: string, stream: "stdout" | "stderr", line: string) {
  const entry = inFlight.get(commandId);
  if (entry) appendLog(entry.updateId, stage, stream, line);
}

export async function onResult(commandId: string, outcome: CommandOutcome) {
  await settle(commandId, outcome);
}

/** The agent's socket closed: everything it was running ends as failed, with the reason. */
export async function failAllFor(agentId: string, reason: string) {
  for (const [commandId, entry] of inFlight) {
    if (entry.agentId === agentId) await settle(commandId, { success: false, error: `Agent disconnected (${reason}) before the command finished` });
  }
}

/** For callers that run one command as the whole execution. */
export async function runAndFinish(agentId: string, updateId: string, payload: CommandPayload, timeoutSeconds?: number) {
  const outcome = await runOnAgent(agentId, updateId, payload, timeoutSeconds);
  await finishExecution(updateId, outcome.success, outcome.error);
  return outcome;
}

/** Finished commands are history only their Update needs; older than this they are deleted. */
export const COMMAND_RETENTION_DAYS = 7;

/** Run hourly by superviseExecutions (lib/executions/recovery.ts). */
export async function pruneFinishedCommands(now = new Date()) {
  const cutoff = new Date(now.getTime() - COMMAND_RETENTION_DAYS * 86_400_000);
  const { count } = await db.agentCommand.deleteMany({ where: { status: { in: ["done", "failed"] }, finishedAt: { lt: cutoff } } });
  return count;
}
