// What each webhook execution runs: the same functions as the execute buttons, called with the
// webhook's actor (lib/webhooks/receive.ts). A new one is one line here and its name in paths.ts.
import "../server-only";
import type { Actor } from "../authz/actor";
import { runBuild } from "../executions/build";
import { syncRepo } from "../executions/repo";
import { deployStack } from "../executions/stack";
import { actorSavedBy } from "../authz/saved-by";
import { runProcedureOnBehalf } from "../procedures/on-behalf";
import { executeSyncNow, refreshSyncRecorded } from "../sync/service";
import type { WEBHOOK_OPERATIONS } from "./paths";

type Run = (actor: Actor, id: string) => Promise<{ updateId: string }>;

export const WEBHOOK_EXECUTIONS: { [T in keyof typeof WEBHOOK_OPERATIONS]: Record<(typeof WEBHOOK_OPERATIONS)[T][number], Run> } = {
  build: { run: (actor, id) => runBuild(actor, id) },
  repo: { pull: (actor, id) => syncRepo(actor, id, "pull"), clone: (actor, id) => syncRepo(actor, id, "clone") },
  stack: { deploy: (actor, id) => deployStack(actor, id), "deploy-if-changed": (actor, id) => deployStack(actor, id, { ifChanged: true }) },
  // A webhook may run only its one resource: a procedure's steps and a sync's changes run as the
  // user who last saved it.
  procedure: { run: (actor, id) => runProcedureOnBehalf(id, actor.webhook?.label ?? "webhook") },
  sync: {
    refresh: async (actor, id) => refreshSyncRecorded(await actorSavedBy("sync", id, actor.webhook?.label ?? "webhook"), id),
    execute: async (actor, id) => executeSyncNow(await actorSavedBy("sync", id, actor.webhook?.label ?? "webhook"), id),
  },
};

export function webhookExecution(type: keyof typeof WEBHOOK_OPERATIONS, execution: string): Run | undefined {
  const runs = WEBHOOK_EXECUTIONS[type] as Record<string, Run>;
  return Object.hasOwn(runs, execution) ? runs[execution] : undefined;
}
