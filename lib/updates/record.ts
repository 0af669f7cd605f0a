// Writing Update rows: the audit trail of every change and the log of every execution.
import type { Prisma } from "../generated/prisma/client";
import type { Tx } from "../db";
import type { Actor } from "../authz/actor";

export interface ChangeRecord {
  operation: string;
  targetType: string;
  target: { id: string; name: string } | null;
  /** Kubernetes: the namespace acted in (see Update.namespace). */
  namespace?: string;
  previousConfig?: unknown;
  newConfig?: unknown;
  /** Lines for the single "change" stage shown on the Update page. */
  log: string[];
}

const json = (value: unknown) => (value === undefined ? undefined : (value as Prisma.InputJsonValue));

/** A configuration change: recorded complete and successful in the same transaction as the change. */
export async function recordChange(tx: Tx, actor: Actor, change: ChangeRecord) {
  const now = new Date();
  return tx.update.create({
    data: {
      operation: change.operation,
      targetType: change.targetType,
      targetId: change.target?.id,
      targetName: change.target?.name,
      namespace: change.namespace,
      operatorId: actor.id,
      status: "Complete",
      success: true,
      previousConfig: json(change.previousConfig),
      newConfig: json(change.newConfig),
      startedAt: now,
      endedAt: now,
      logs: { create: { stage: "change", stdout: change.log.join("\n"), success: true, startedAt: now, endedAt: now } },
    },
  });
}
