// Executions as Updates: an InProgress row whose stage logs grow line by line while the
// work runs, streamed to browsers as it happens, and always ended Complete — with success,
// or with failure and a clear error — never left InProgress.
import type { Actor } from "../authz/actor";
import { CORE_ID } from "../cluster/nodes";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { logger } from "../logger";
import { observeUpdateEnd } from "../ops/metrics";
import { alertOnExecutionEnd } from "../alerts/execution-alerts";
import { publish } from "../realtime/bus";
import { isConnectionLoss, persist, retryOnConnectionLoss } from "../retry";
import { isResourceTypeKey, resourceType } from "../resources/registry";
import { resourceDelegate } from "../resources/store";

export interface ExecutionTarget {
  type: string;
  id: string;
  name: string;
  /** Kubernetes: the namespace acted in ("" = cluster-wide), which decides who sees the Update. */
  namespace?: string;
  /** Whether the target is a template, when the caller has just read its row: not read again. */
  template?: boolean;
}

/**
 * Types whose executions must not overlap: two deploys of one stack would race on its files and
 * containers; a procedure's second run would race its first through the same steps.
 */
const EXCLUSIVE_TYPES = new Set(["deployment", "stack", "procedure"]);

export async function startExecution(actor: Actor, operation: string, target: ExecutionTarget, configs: { previousConfig?: object; newConfig?: object } = {}) {
  if (isResourceTypeKey(target.type)) {
    const template =
      target.template ?? (await resourceDelegate(db, target.type).findUnique({ where: { id: target.id }, select: { template: true } }))?.template;
    if (template)
      throw new AppError("CONFLICT", `${target.name} is a template: create a ${resourceType(target.type).label.toLowerCase()} from it to run ${operation}`);
  }
  const data = {
    operation,
    targetType: target.type,
    targetId: target.id,
    targetName: target.name,
    namespace: target.namespace,
    // A webhook is no user: the Update names it in `via`, and its first stage says which delivery ran it.
    operatorId: actor.webhook ? null : actor.id,
    via: actor.webhook?.label ?? actor.onBehalf,
    parentId: actor.parentUpdateId,
    ...(actor.webhook ? { logs: { create: { stage: "webhook", stdout: `${actor.webhook.note}\n`, success: true, endedAt: new Date() } } } : {}),
    status: "InProgress" as const,
    coreId: CORE_ID,
    previousConfig: configs.previousConfig,
    newConfig: configs.newConfig,
  };
  if (!EXCLUSIVE_TYPES.has(target.type)) return db.update.create({ data, select: { id: true } });
  return db.$transaction(async (tx) => {
    // The lock makes "is one running?" and "start this one" a single step, for every core
    // process on this database; it is released when the transaction ends.
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`execution:${target.type}:${target.id}`}::text))`;
    const running = await tx.update.findFirst({
      where: { targetType: target.type, targetId: target.id, status: { in: ["Queued", "InProgress"] } },
      select: { id: true, operation: true, startedAt: true, via: true, operator: { select: { username: true } } },
      orderBy: { startedAt: "asc" },
    });
    if (running) {
      const by = running.operator ? ` by ${running.operator.username}` : running.via ? ` by the ${running.via}` : "";
      throw new AppError(
        "CONFLICT",
        `${target.name} is already running ${running.operation} (update ${running.id}, started ${running.startedAt.toISOString()}${by}). Wait for it to end, then try again.`,
      );
    }
    return tx.update.create({ data, select: { id: true } });
  });
}

/** Lines of Updates still running in this process, so a browser that subscribes late gets them all. */
export interface LiveLine {
  stage: string;
  stream: "stdout" | "stderr";
  line: string;
}
/** Lines kept in memory for a late subscriber to a running Update. */
export const MAX_LIVE_LINES = 5000;
/** What each stage's stored stdout and stderr keep: the last this many characters. */
export const MAX_STORED_STAGE_CHARS = 4 * 1024 * 1024;
export const STORED_TRUNCATED = `… output truncated: only the last ${MAX_STORED_STAGE_CHARS / 1024 / 1024} MB of this stage are kept\n`;

/**
 * The state below is shared by every copy of this module in the process (server.ts's and Next's
 * route bundles each load lib/): an agent's lines arrive through one, the Update is often ended
 * through the other, and both must see the same live lines and pending writes — or a browser
 * subscribing after the end is told the Update still runs, and waits for an end already sent.
 */
interface ProgressState {
  running: Map<string, { lines: LiveLine[]; dropped: number }>;
  pending: Map<string, { updateId: string; stage: string; stdout: string; stderr: string; firstAt: Date }>;
  timer: NodeJS.Timeout | undefined;
  flushing: Promise<void>;
  /** The stage rows this process has written, per running Update: their lines need no lookup first. */
  stages: Map<string, Set<string>>;
}
const globalProgress = globalThis as unknown as { wheelhouseProgress?: ProgressState };
const state: ProgressState = (globalProgress.wheelhouseProgress ??= {
  running: new Map(),
  pending: new Map(),
  timer: undefined,
  flushing: Promise.resolve(),
  stages: new Map(),
});
const { running, pending, stages } = state;

/** What has streamed so far, or null when the Update isn't running here (read the stored log). */
export function liveLines(updateId: string): LiveLine[] | null {
  const live = running.get(updateId);
  if (!live) return null;
  // Lines are dropped only past MAX_LIVE_LINES, so when some were there is a first one left.
  const first = live.lines[0];
  if (!live.dropped || !first) return live.lines.slice();
  return [
    {
      stage: first.stage,
      stream: "stderr",
      line: `… ${live.dropped} earlier lines are not shown live (the last ${MAX_LIVE_LINES} are); the stored log keeps up to ${MAX_STORED_STAGE_CHARS / 1024 / 1024} MB per stage`,
    },
    ...live.lines,
  ];
}

function remember(updateId: string, line: LiveLine) {
  let live = running.get(updateId);
  if (!live) running.set(updateId, (live = { lines: [], dropped: 0 }));
  live.lines.push(line);
  if (live.lines.length > MAX_LIVE_LINES) live.dropped += live.lines.splice(0, live.lines.length - MAX_LIVE_LINES).length;
}

// Lines are published at once but written in batches: one UPDATE per stage every 250 ms
// instead of one per line keeps a chatty `docker pull` from hammering the database.

// One flush at a time: a stage end or a finish flushing while the timer's flush still writes
// would otherwise race it, and the later lines could land before the earlier ones.

function flush(): Promise<void> {
  state.flushing = state.flushing.then(writePending);
  return state.flushing;
}

async function writePending() {
  state.timer = undefined;
  const batch = [...pending.values()];
  pending.clear();
  for (const item of batch) {
    try {
      await ensureStage(item.updateId, item.stage, item.firstAt);
      await db.$executeRaw`UPDATE "UpdateLog" SET stdout = ${appended("stdout", item.stdout)}, stderr = ${appended("stderr", item.stderr)}
        WHERE id = (${latestRow(item.updateId, item.stage)})`;
    } catch (e) {
      logger.error(`could not store log lines of update ${item.updateId}`, e);
    }
  }
}

/** A column with `text` appended, bounded in the same statement: past the limit, the oldest output goes and a note says so. */
function appended(column: "stdout" | "stderr", text: string): Prisma.Sql {
  const c = Prisma.raw(`"UpdateLog".${column}`);
  return Prisma.sql`CASE WHEN length(${c}) + length(${text}) > ${MAX_STORED_STAGE_CHARS} THEN ${STORED_TRUNCATED} || right(${c} || ${text}, ${MAX_STORED_STAGE_CHARS}) ELSE ${c} || ${text} END`;
}

/** The stage's latest row: where its lines go. */
const latestRow = (updateId: string, stage: string) =>
  Prisma.sql`SELECT id FROM "UpdateLog" WHERE "updateId" = ${updateId} AND stage = ${stage} ORDER BY "startedAt" DESC LIMIT 1`;

const knownStage = (updateId: string, stage: string) => stages.get(updateId)?.has(stage) ?? false;
function rememberStage(updateId: string, stage: string) {
  let known = stages.get(updateId);
  if (!known) stages.set(updateId, (known = new Set()));
  known.add(stage);
}

/** A stage row for lines logged outside any announced stage, dated by its first line so it sorts in place. */
async function ensureStage(updateId: string, stage: string, startedAt: Date) {
  if (knownStage(updateId, stage)) return;
  const existing = await db.updateLog.findFirst({ where: { updateId, stage }, select: { id: true } });
  if (!existing) await db.updateLog.create({ data: { updateId, stage, startedAt } });
  rememberStage(updateId, stage);
}

export function appendLog(updateId: string, stage: string, stream: "stdout" | "stderr", line: string): void {
  remember(updateId, { stage, stream, line });
  publish({ type: "update.log", updateId, stage, stream, line });
  const key = `${updateId}\u0000${stage}`;
  const entry = pending.get(key) ?? { updateId, stage, stdout: "", stderr: "", firstAt: new Date() };
  entry[stream] += `${line}\n`;
  pending.set(key, entry);
  state.timer ??= setTimeout(() => void flush(), 250);
}

export async function stageEvent(updateId: string, stage: string, command: string, status: "start" | "end", success?: boolean) {
  publish({ type: "update.stage", updateId, stage, command, status, success });
  if (status === "start") {
    remember(updateId, { stage, stream: "stdout", line: `── ${stage}${command ? `: ${command}` : ""}` });
    // Dated now, though written in turn behind the writes before it (so its lines can't come first).
    const startedAt = new Date();
    return inTurn(async () => {
      await db.updateLog.create({ data: { updateId, stage, command, startedAt } });
      rememberStage(updateId, stage);
    });
  }
  // The stage's last lines are written with its end, in one statement.
  const key = `${updateId}\u0000${stage}`;
  const last = pending.get(key);
  pending.delete(key);
  const endedAt = new Date();
  const end = async () => {
    if (last) await ensureStage(updateId, stage, last.firstAt);
    const row = latestRow(updateId, stage);
    // The end goes on the stage's open rows; its lines on its latest row, as a flush would.
    await db.$executeRaw`UPDATE "UpdateLog" SET
        stdout = CASE WHEN "UpdateLog".id = (${row}) THEN ${appended("stdout", last?.stdout ?? "")} ELSE "UpdateLog".stdout END,
        stderr = CASE WHEN "UpdateLog".id = (${row}) THEN ${appended("stderr", last?.stderr ?? "")} ELSE "UpdateLog".stderr END,
        "endedAt" = COALESCE("UpdateLog"."endedAt", ${endedAt}),
        success = CASE WHEN "UpdateLog"."endedAt" IS NULL THEN ${success ?? null}::boolean ELSE "UpdateLog".success END
      WHERE "updateId" = ${updateId} AND stage = ${stage} AND ("endedAt" IS NULL OR id = (${row}))`;
  };
  return inTurn(end);
}

/**
 * Progress is written one write at a time, in the order it was called: a stage's row before its
 * lines, its lines before its end, all of it before the Update's end (finishExecution flushes
 * behind it). A caller needn't wait for its write to be queued in order: it is queued before
 * this returns. The chain goes on whatever one write does; its caller hears how it went.
 */
function inTurn(write: () => Promise<void>): Promise<void> {
  const written = state.flushing.then(write);
  state.flushing = written.catch(() => {});
  return written;
}

/**
 * Ends the Update. Idempotent: the first outcome wins (a late result can't revive a timed-out one).
 * `along` is a write of the work's own that records its outcome (an INSERT; safe to repeat, as a
 * database restart may make this statement run twice): it is made in the same statement, so
 * the Update ends with it or not at all, and whoever hears the end finds it written.
 */
export async function finishExecution(updateId: string, success: boolean, error?: string | null, along?: Prisma.Sql) {
  await flush();
  // The Update and the stages its work left open end in one statement (a failure fails them).
  const now = new Date();
  const end = () =>
    db.$queryRaw<{ operation: string; startedAt: Date; targetType: string | null; targetId: string | null; targetName: string | null }[]>`
      WITH ended AS (
        UPDATE "Update" SET status = 'Complete', success = ${success}, error = ${error ?? null}::text, "endedAt" = ${now}
        WHERE id = ${updateId} AND status <> 'Complete'
        RETURNING id, operation, "startedAt", "targetType", "targetId", "targetName"
      ), stages AS (
        UPDATE "UpdateLog" SET "endedAt" = ${now}, success = ${success ? null : false}::boolean
        WHERE "updateId" IN (SELECT id FROM ended) AND "endedAt" IS NULL
      )${along ? Prisma.sql`, along AS (${along})` : Prisma.empty}
      SELECT operation, "startedAt", "targetType", "targetId", "targetName" FROM ended`;
  // The outcome is known now and must not be lost to a database restart at this moment. A
  // record the database refuses is not retried: that is the work failing, and its caller ends
  // the Update so.
  const persisted = () => persist(`ending update ${updateId}`, end);
  const [ended] = along ? await retryOnConnectionLoss(end).catch((e) => (isConnectionLoss(e) ? persisted() : Promise.reject(e))) : await persisted();
  running.delete(updateId);
  stages.delete(updateId);
  if (ended) {
    publish({ type: "update.done", updateId, success, error: error ?? null });
    observeUpdateEnd(ended.operation, (now.getTime() - ended.startedAt.getTime()) / 1000, success ? "success" : "failure");
    // Only the end that won (ended is empty for a repeat): a failed deploy, build or repo pull opens its alert once.
    await alertOnExecutionEnd({ updateId, ...ended }, success, error ?? null);
  }
}
