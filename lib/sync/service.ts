// A ResourceSync's refresh (compute its plan from its source, record what is pending, raise or
// clear ResourceSyncPendingUpdates) and execute (re-plan, refuse a plan the world moved on
// from, check each item for the actor, apply every config change in one transaction, then
// deploy in rounds). Refresh needs Read on the Sync; execute needs Execute on it and, per item,
// the permission that change needs — a Sync is not a way around RBAC.
import "../server-only";
import { z } from "zod";
import { closeAlert, openAlert } from "../alerts/alerts";
import { authorize } from "../authz/authorize";
import { actorSavedBy } from "../authz/saved-by";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError, isAppError, notFound } from "../errors";
import { asExecution } from "../executions/run";
import { logger } from "../logger";
import { publish } from "../realtime/bus";
import { mergeInfo } from "../resources/info";
import type { SyncInfo } from "../resources/sync/info";
import { syncConfig } from "../resources/sync/schema";
import { appendLog } from "../updates/progress";
import { parseInput } from "../validation";
import { applyConfig } from "./apply";
import { computePlan, type PlannedItem } from "./plan";
import { readDeclarations, type SourceFile } from "./read";
import { deployInRounds } from "./rounds";
import { readSyncSource } from "./source";
import type { SyncPlan } from "./types";
import { loadWorld } from "./world";

type SyncRow = { id: string; name: string; config: unknown; template: boolean };

async function loadSync(id: string): Promise<SyncRow & { config: z.infer<typeof syncConfig> }> {
  const row = await db.resourceSync.findUnique({ where: { id }, select: { id: true, name: true, config: true, template: true } });
  if (!row) throw notFound("Sync");
  const config = syncConfig.safeParse(row.config);
  if (!config.success) throw new AppError("CONFLICT", `Sync ${row.name}'s saved configuration is no longer valid: save it again`);
  return { ...row, config: config.data };
}

/** The TOML files: the sync's own text (named after it, as errors cite it), or read by its Server's agent from git or a host folder. */
async function sourceOf(actor: Actor, sync: SyncRow & { config: z.infer<typeof syncConfig> }): Promise<{ files: SourceFile[]; commit?: string }> {
  if (sync.config.source === "ui") return { files: [{ path: `${sync.name}.toml`, contents: sync.config.contents }] };
  return readSyncSource(actor, sync.id);
}

async function planOf(
  actor: Actor,
  sync: Awaited<ReturnType<typeof loadSync>>,
): Promise<{ plan: SyncPlan; items: PlannedItem[]; index: Awaited<ReturnType<typeof loadWorld>>["index"] }> {
  const source = await sourceOf(actor, sync);
  const declared = readDeclarations(source.files, { includeVariables: sync.config.includeVariables, includeUserGroups: sync.config.includeUserGroups });
  const world = await loadWorld(actor);
  const { plan, items } = computePlan(declared.resources, declared.errors, world, {
    syncId: sync.id,
    resetOmitted: sync.config.resetOmitted,
    deleteMissing: sync.config.deleteMissing,
    matchTags: sync.config.matchTags,
    includeVariables: sync.config.includeVariables,
  });
  return { plan: { ...plan, commit: source.commit }, items, index: world.index };
}

/** Computes the plan, records what is pending on the Sync and raises (or clears) its pending alert. */
export async function refreshSync(actor: Actor, id: string): Promise<SyncPlan> {
  await authorize(actor, "read", { kind: "resource", type: "sync", id });
  const sync = await loadSync(id);
  const { plan } = await planOf(actor, sync);
  await recordPending(sync, plan);
  return plan;
}

async function recordPending(sync: SyncRow & { config: z.infer<typeof syncConfig> }, plan: SyncPlan) {
  const changes = plan.items.filter((i) => i.action !== "unchanged").length;
  const deploys = plan.items.filter((i) => i.deploy.will).length;
  await mergeInfo("sync", sync.id, { pending: { changes, deploys, errors: plan.errors.length, hash: plan.hash, at: plan.computedAt, commit: plan.commit } });
  const target = { type: "sync", id: sync.id, name: sync.name };
  if ((changes || plan.errors.length) && sync.config.pendingAlert)
    await openAlert({
      type: "ResourceSyncPendingUpdates",
      level: plan.errors.length ? "warning" : "ok",
      target,
      message: plan.errors.length ? `Sync ${sync.name}'s TOML has ${plan.errors.length} error(s)` : `Sync ${sync.name} has ${changes} pending change(s)`,
      data: { changes, deploys, errors: plan.errors.length },
    });
  else await closeAlert("ResourceSyncPendingUpdates", target);
  publish({ type: "resource.changed", resourceType: "sync", resourceId: sync.id });
}

/** A refresh as an audited execution (a webhook's push): the plan's summary is its log. */
export async function refreshSyncRecorded(actor: Actor, id: string): Promise<{ updateId: string }> {
  await authorize(actor, "read", { kind: "resource", type: "sync", id });
  const sync = await loadSync(id);
  return asExecution(actor, "RefreshSync", { type: "sync", id: sync.id, name: sync.name, template: sync.template }, async (updateId) => {
    const { plan } = await planOf(actor, sync);
    await recordPending(sync, plan);
    const count = (action: string) => plan.items.filter((i) => i.action === action).length;
    appendLog(
      updateId,
      "plan",
      "stdout",
      `${count("create")} to create, ${count("update")} to update, ${count("delete")} to delete, ${plan.items.filter((i) => i.deploy.will).length} to deploy`,
    );
    for (const e of plan.errors) appendLog(updateId, "plan", "stderr", describe(e));
    return plan.errors.length ? { success: false, error: `The TOML has ${plan.errors.length} error(s)` } : { success: true };
  });
}

/** Executes the plan as it is now, with no one to review it (a webhook set to execute). */
export async function executeSyncNow(actor: Actor, id: string): Promise<{ updateId: string }> {
  const plan = await refreshSync(actor, id);
  return executeSync(actor, id, { hash: plan.hash });
}

/** Syncs that poll their source: each refreshed once its interval has passed since its last plan, as its last saver. */
export async function pollSyncs(now = new Date()): Promise<{ refreshed: number; failed: number }> {
  const syncs = await db.resourceSync.findMany({ where: { template: false }, select: { id: true, name: true, config: true, info: true } });
  let refreshed = 0;
  let failed = 0;
  for (const s of syncs) {
    const minutes = (s.config as { pollIntervalMinutes?: number }).pollIntervalMinutes ?? 0;
    const last = (s.info as SyncInfo | null)?.pending?.at;
    if (!minutes || (last && now.getTime() - new Date(last).getTime() < minutes * 60_000)) continue;
    try {
      await refreshSync(await actorSavedBy("sync", s.id, "poll"), s.id);
      refreshed++;
    } catch (e) {
      failed++;
      logger.warn(`could not refresh sync ${s.name}: ${(e as Error).message}`);
    }
  }
  return { refreshed, failed };
}

export const ZExecuteSyncInput = z
  .object({
    /** The plan the user reviewed (SyncPlan.hash): a different plan now is refused, not applied. */
    hash: z.string().min(1).max(64),
    /** Plan item keys to apply (`type:name`); all when omitted. */
    items: z.array(z.string().min(1).max(300)).max(10_000).optional(),
  })
  .strict();

export async function executeSync(actor: Actor, id: string, body: unknown): Promise<{ updateId: string }> {
  const input = parseInput(ZExecuteSyncInput, body ?? {});
  await authorize(actor, "execute", { kind: "resource", type: "sync", id });
  const sync = await loadSync(id);
  const { plan, items, index } = await planOf(actor, sync);
  if (plan.errors.length) throw new AppError("INVALID_INPUT", `The TOML has ${plan.errors.length} error(s); the first: ${describe(plan.errors[0]!)}`);
  if (plan.hash !== input.hash)
    throw new AppError("CONFLICT", "The plan changed since it was shown (the TOML or the resources moved on): review the new plan and execute that");
  const byKey = new Map(items.map((i) => [i.key, i]));
  const unknown = (input.items ?? []).filter((k) => !byKey.has(k));
  if (unknown.length) throw new AppError("INVALID_INPUT", `Not in the plan: ${unknown.join(", ")}`, { items: unknown.map((k) => `Not in the plan: ${k}`) });
  const chosen = (input.items ? input.items.map((k) => byKey.get(k)!) : items).filter((i) => i.action !== "unchanged" || i.deploy.will);
  if (!chosen.length) throw new AppError("CONFLICT", "Nothing to do: the plan changes nothing and deploys nothing");
  await refuseUnlessAllowed(actor, chosen);

  return asExecution(actor, "RunSync", { type: "sync", id: sync.id, name: sync.name, template: sync.template }, async (updateId) => {
    const log = (line: string) => appendLog(updateId, "sync", "stdout", line);
    for (const it of chosen)
      log(
        `${it.action === "unchanged" ? "deploy" : it.action} ${it.type} ${it.name}${it.changes.length ? `: ${it.changes.map((c) => c.path).join(", ")}` : ""}`,
      );
    let ids: Map<string, string>;
    try {
      ids = await applyConfig(actor, sync.id, chosen, index);
    } catch (e) {
      const reason = isAppError(e) ? e.message : `Unexpected error: ${(e as Error).message}`;
      log(`Nothing was applied: ${reason}`);
      return { success: false, error: `Nothing was applied: ${reason}` };
    }
    log(`Applied ${chosen.filter((i) => i.action !== "unchanged").length} change(s) in one transaction`);
    const report = await deployInRounds(actor, updateId, chosen, ids, log);
    await mergeInfo("sync", sync.id, { executed: { at: new Date().toISOString(), updateId, hash: plan.hash } });
    await recordPending(sync, (await planOf(actor, sync)).plan).catch(() => {}); // the next refresh says it otherwise
    return report.ok ? { success: true } : { success: false, error: `Config applied; ${report.failure}` };
  });
}

const describe = (e: { file: string; line: number; column: number; message: string }) => `${e.file}:${e.line}:${e.column}: ${e.message}`;

/** Every item the actor may not change is refused together, before anything is applied. */
async function refuseUnlessAllowed(actor: Actor, items: PlannedItem[]) {
  const refused: string[] = [];
  for (const it of items) {
    const check =
      it.action === "create"
        ? authorize(actor, "create", { kind: "new-resource", type: it.type, name: it.name })
        : authorize(actor, it.action === "unchanged" ? "execute" : "write", { kind: "resource", type: it.type, id: it.existing!.id });
    await check.catch((e) => {
      if (!isAppError(e) || (e.code !== "FORBIDDEN" && e.code !== "NOT_FOUND")) throw e;
      refused.push(`${it.action === "unchanged" ? "deploy" : it.action} ${it.type} ${it.name}`);
    });
  }
  if (refused.length) throw new AppError("FORBIDDEN", `${actor.username} may not: ${refused.join("; ")}. Nothing was applied.`);
}
