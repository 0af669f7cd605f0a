// Agent commands are a durable queue. A command is a row first — its resolved spec encrypted on
// it, an idempotency key the agent journals, a deadline, and the core that follows it — then a
// message to wherever the agent is connected:
//
//   queued → sent → acked → done | failed | timed-out
//
// The following core (`coreId`) streams the command's stages and lines into its Update and hands
// the outcome to the caller. Another core that hears the agent's replies forwards them there
// (lib/agents/forward.ts). An agent that reconnects, to any core, is sent every command of its
// still in flight again; its journal answers one it already ran and never runs it twice.
// Every end is decided on the row (a conditional update, so exactly one wins) by whoever sees it
// first — the result, the deadline, or an agent gone past RECONNECT_GRACE_SECONDS — and the
// following core learns it from the row. The spec is cleared when the command ends; finished
// rows are deleted after COMMAND_RETENTION_DAYS.
import { randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { AppError } from "../errors";
import { logger } from "../logger";
import { CORE_ID, isCoreAlive } from "../cluster/nodes";
import { onClusterMessage, sendToCore } from "../cluster/notify";
import { RECONNECT_GRACE_SECONDS, type CommandPayload } from "../protocol/agent";
import { persist } from "../retry";
import { decryptSecret, encryptSecret } from "../secrets/crypto";
import { appendLog, finishExecution, stageEvent } from "../updates/progress";
import { connectionOf } from "./hub";
import { presenceOf } from "./relay";

export interface CommandOutcome {
  success: boolean;
  error?: string;
  result?: Record<string, unknown>;
}

interface Following {
  agentId: string;
  updateId: string;
  timer: NodeJS.Timeout;
  resolve: (outcome: CommandOutcome) => void;
}

const globalCommands = globalThis as unknown as { wheelhouseInFlight?: Map<string, Following> };
/** Commands this process follows, by id. */
const following = (globalCommands.wheelhouseInFlight ??= new Map());

/** Statuses of a command that has not ended. */
export const IN_FLIGHT = ["queued", "sent", "acked"];

/** The agent a command this process follows was sent to; undefined once it has ended (or if it isn't followed here). */
export function commandAgent(commandId: string): string | undefined {
  return following.get(commandId)?.agentId;
}

const timeoutMessage = (seconds: number) => `Timed out after ${seconds} s without a result from the agent`;
export const AGENT_LOST = `Agent disconnected before the command finished and did not reconnect within ${RECONNECT_GRACE_SECONDS} s`;

/**
 * Queues the command, sends it, and resolves when it ends. The Update is NOT finished here: the
 * caller may have follow-up work (e.g. recording the deployed config) before it completes it.
 */
export async function runOnAgent(agentId: string, updateId: string, payload: CommandPayload, timeoutSeconds = 600): Promise<CommandOutcome> {
  if (!(await presenceOf(agentId))) throw new AppError("AGENT_OFFLINE", "The server's agent is not connected");
  const command = await db.agentCommand.create({
    data: {
      agentId,
      updateId,
      idempotencyKey: randomUUID(),
      payload: { kind: payload.kind },
      spec: encryptSecret(JSON.stringify(payload)),
      coreId: CORE_ID,
      deadline: new Date(Date.now() + timeoutSeconds * 1000),
    },
  });
  return new Promise<CommandOutcome>((resolve) => {
    // The row's deadline is enforced by every core's sweep; this timer only makes it prompt here.
    const timer = setTimeout(() => void endCommand(command.id, "timed-out", timeoutMessage(timeoutSeconds)), timeoutSeconds * 1000);
    following.set(command.id, { agentId, updateId, timer, resolve });
    void deliver(command, payload, timeoutSeconds).catch((e) => logger.error(`could not deliver agent command ${command.id}; it waits for the agent`, e));
  });
}

/**
 * Sends to the agent's core; a command whose agent is connected nowhere waits, queued, for it to
 * come back. An agent connected here gets it straight from memory (no re-read of the row).
 */
async function deliver(command: { id: string; agentId: string; idempotencyKey: string }, payload: CommandPayload, timeoutSeconds: number) {
  const presence = await presenceOf(command.agentId);
  if (!presence) return;
  if (presence.coreId !== CORE_ID) return sendToCore(presence.coreId, "command.deliver", { commandId: command.id });
  await sendDown(command, payload, timeoutSeconds);
}

/** Down this core's socket to the agent, if it is here; then the row says it was sent. */
async function sendDown(command: { id: string; agentId: string; idempotencyKey: string }, payload: CommandPayload, timeoutSeconds: number) {
  const conn = connectionOf(command.agentId);
  if (!conn) return;
  conn.send({ type: "command", commandId: command.id, idempotencyKey: command.idempotencyKey, timeoutSeconds, payload });
  await markSent(command.id);
}

/** After the send: the agent's acknowledgement may already have moved the row on, so only a queued row becomes sent; sentAt keeps the first send. */
const markSent = (commandId: string) =>
  db.$executeRaw`UPDATE "AgentCommand" SET "sentAt" = COALESCE("sentAt", now()), status = CASE WHEN status = 'queued' THEN 'sent' ELSE status END WHERE id = ${commandId}`;

onClusterMessage("command.deliver", "commands", (body) => deliverHere((body as { commandId: string }).commandId));

/** Sends a command still in flight down this core's socket to its agent (again, if it was sent before). */
async function deliverHere(commandId: string) {
  const row = await db.agentCommand.findUnique({ where: { id: commandId } });
  if (!row?.spec || !IN_FLIGHT.includes(row.status) || !connectionOf(row.agentId)) return;
  const payload = JSON.parse(decryptSecret(row.spec)) as CommandPayload;
  await sendDown(row, payload, Math.max(1, Math.ceil((row.deadline.getTime() - Date.now()) / 1000)));
}

/** An agent's hello was handled here: everything of its still in flight goes to it (again). */
export async function redeliverTo(agentId: string) {
  const rows = await db.agentCommand.findMany({ where: { agentId, status: { in: IN_FLIGHT } }, select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const row of rows) await deliverHere(row.id);
}

/**
 * Ends the command on its row, once: whoever gets here first (result, deadline, lost agent) wins,
 * and a later end changes nothing. Then its follower learns it: this process at once, another
 * core by message, and a command whose follower is gone has its Update ended here.
 */
export async function endCommand(commandId: string, status: "done" | "failed" | "timed-out", error?: string, result?: Record<string, unknown>) {
  const [row] = await db.agentCommand.updateManyAndReturn({
    where: { id: commandId, status: { in: IN_FLIGHT } },
    data: { status, error: error ?? null, result: result as Prisma.InputJsonValue | undefined, finishedAt: new Date(), spec: null },
    select: { coreId: true, updateId: true },
  });
  if (!row) return void (await settleFromRow(commandId));
  // This end won: the follower here learns it as written, without reading the row back.
  if (row.coreId === CORE_ID) return settle(commandId, { success: status === "done", error, result });
  if (await isCoreAlive(row.coreId)) return sendToCore(row.coreId!, "command.ended", { commandId });
  if (row.updateId) await finishExecution(row.updateId, status === "done", error);
}

function settle(commandId: string, outcome: CommandOutcome) {
  const entry = following.get(commandId);
  if (!entry) return;
  following.delete(commandId);
  clearTimeout(entry.timer);
  entry.resolve(outcome);
}

onClusterMessage("command.ended", "commands", (body) => settleFromRow((body as { commandId: string }).commandId));

/** Resolves a followed command from its row, if the row says it has ended. */
async function settleFromRow(commandId: string) {
  const entry = following.get(commandId);
  if (!entry) return;
  const row = await db.agentCommand.findUnique({ where: { id: commandId }, select: { status: true, error: true, result: true } });
  // A row that is gone (deleted with its agent) ends the command too.
  if (row && IN_FLIGHT.includes(row.status)) return;
  settle(commandId, {
    success: row?.status === "done",
    error: row ? (row.error ?? undefined) : "The command's record was deleted",
    result: (row?.result as Record<string, unknown> | null) ?? undefined,
  });
}

/**
 * Every few seconds, on every core: end rows past their deadline and rows whose agent has been
 * gone longer than the grace, and settle followed commands that another core ended (a lost
 * notification costs a few seconds, never an outcome).
 */
export async function sweepCommands(now = new Date()): Promise<number> {
  const overdue = await db.agentCommand.findMany({
    where: { status: { in: IN_FLIGHT }, deadline: { lt: now } },
    select: { id: true, sentAt: true, createdAt: true, deadline: true },
  });
  for (const row of overdue)
    await endCommand(row.id, "timed-out", timeoutMessage(Math.round((row.deadline.getTime() - (row.sentAt ?? row.createdAt).getTime()) / 1000)));
  const lost = await db.agentCommand.findMany({
    where: {
      status: { in: IN_FLIGHT },
      agent: { connectedAt: null, disconnectedAt: { lt: new Date(now.getTime() - RECONNECT_GRACE_SECONDS * 1000) } },
    },
    select: { id: true },
  });
  for (const row of lost) await endCommand(row.id, "failed", AGENT_LOST);
  for (const commandId of [...following.keys()]) await settleFromRow(commandId);
  return overdue.length + lost.length;
}

/**
 * The agent's socket closed (here, or on another core that said so): the commands of its this
 * core follows end after the grace unless the agent is back by then. (The sweep would end them
 * too, a few seconds later; this makes it prompt, and works where no sweep runs.)
 */
export function expireAfterGrace(agentId: string) {
  const timer = setTimeout(async () => {
    if (await presenceOf(agentId).catch(() => null)) return;
    for (const [commandId, entry] of following) {
      if (entry.agentId === agentId)
        await endCommand(commandId, "failed", AGENT_LOST).catch((e) => logger.error(`could not end agent command ${commandId}`, e));
    }
  }, RECONNECT_GRACE_SECONDS * 1000);
  timer.unref();
}

onClusterMessage("agent.gone", "commands", (body) => expireAfterGrace((body as { agentId: string }).agentId));

// ---- what the agent says about a command, handled by the core that follows it ----

export async function onAck(commandId: string, duplicate: boolean) {
  const entry = following.get(commandId);
  if (!entry) return;
  // Not awaited: the agent's next message (its first stage) need not wait for this write, and a
  // late one changes nothing once the command has ended (it only moves queued or sent rows).
  void markAcked(commandId).catch((e) => logger.warn(`could not record the acknowledgement of agent command ${commandId}`, e));
  if (duplicate) appendLog(entry.updateId, "agent", "stderr", "The agent had already received this command; it was not run again.");
}

export const markAcked = (commandId: string) =>
  db.agentCommand.updateMany({ where: { id: commandId, status: { in: ["queued", "sent"] } }, data: { status: "acked" } });

export async function onStage(commandId: string, stage: string, command: string, status: "start" | "end", success?: boolean) {
  const entry = following.get(commandId);
  if (!entry) return;
  // Not waited for: a stage's start or end is queued behind the Update's other progress writes as
  // soon as it is called, and the Update's end (finishExecution) waits for them all, so the
  // agent's next messages — its lines, the result — needn't wait for the write too.
  void stageEvent(entry.updateId, stage, command, status, success).catch((e) =>
    logger.error(`could not record the ${status} of stage ${stage} of update ${entry.updateId}`, e),
  );
}

export function onLog(commandId: string, stage: string, stream: "stdout" | "stderr", line: string) {
  const entry = following.get(commandId);
  if (entry) appendLog(entry.updateId, stage, stream, line);
}

export async function onResult(commandId: string, outcome: CommandOutcome) {
  const end = () => endCommand(commandId, outcome.success ? "done" : "failed", outcome.error, outcome.result);
  await end().catch((e) => {
    // The caller still learns the outcome at once and ends its Update; the row's end is retried
    // until the database takes it (a restart), and if it never does (a write it refuses), the
    // deadline sweep ends the row.
    logger.error(`could not record the end of agent command ${commandId}`, e);
    settle(commandId, outcome);
    void persist(`recording the end of agent command ${commandId}`, end).catch(() => {});
  });
}

/** For callers that run one command as the whole execution. */
export async function runAndFinish(agentId: string, updateId: string, payload: CommandPayload, timeoutSeconds?: number) {
  const outcome = await runOnAgent(agentId, updateId, payload, timeoutSeconds);
  await finishExecution(updateId, outcome.success, outcome.error);
  return outcome;
}

/** Finished commands are history only their Update needs; older than this they are deleted. */
export const COMMAND_RETENTION_DAYS = 7;

/** An hourly background job (lib/jobs.ts). */
export async function pruneFinishedCommands(now = new Date()) {
  const cutoff = new Date(now.getTime() - COMMAND_RETENTION_DAYS * 86_400_000);
  const { count } = await db.agentCommand.deleteMany({ where: { status: { notIn: IN_FLIGHT }, finishedAt: { lt: cutoff } } });
  return count;
}
