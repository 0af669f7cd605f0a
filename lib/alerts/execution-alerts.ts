// Failed executions as alerts, decided in one place for every execution (updates/progress.ts
// calls this when an Update ends): a deploy, build or repo clone/pull that ends unsuccessfully
// opens its target's alert; the next success of the same kind on that target resolves it.
import "../server-only";
import { logger } from "../logger";
import { closeAlert, openAlert } from "./alerts";
import type { AlertType } from "./kinds";

/** Which alert an operation's failure raises, by target type and operation. */
const FAILURE_ALERTS: Record<string, Record<string, AlertType>> = {
  deployment: { Deploy: "DeploymentFailed", RollbackDeployment: "DeploymentFailed" },
  stack: { DeployStack: "DeploymentFailed", DeployStackIfChanged: "DeploymentFailed" },
  build: { RunBuild: "BuildFailed" },
  repo: { CloneRepo: "RepoFailed", PullRepo: "RepoFailed" },
};

export function failureAlertOf(targetType: string | null, operation: string): AlertType | null {
  return (targetType && FAILURE_ALERTS[targetType]?.[operation]) || null;
}

export interface EndedExecution {
  updateId: string;
  operation: string;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
}

/** Never throws: an execution's end is recorded whatever happens to its alert (the reason is logged). */
export async function alertOnExecutionEnd(ended: EndedExecution, success: boolean, error: string | null): Promise<void> {
  const type = failureAlertOf(ended.targetType, ended.operation);
  if (!type || !ended.targetType || !ended.targetId) return;
  const target = { type: ended.targetType, id: ended.targetId, name: ended.targetName ?? ended.targetId };
  try {
    if (success) await closeAlert(type, target);
    else
      await openAlert({
        type,
        level: "critical",
        target,
        message: `${ended.operation} of ${target.name} failed${error ? `: ${error}` : ""}`,
        data: { updateId: ended.updateId, operation: ended.operation },
      });
  } catch (e) {
    logger.error(`could not record the ${type} alert of update ${ended.updateId}`, e);
  }
}
