// The server side of each type's operations: the function behind every operation a type
// declares in its schema.ts. The execute route (app/api/v1/[type]/[id]/execute/[operation])
// authorizes with the operation's declared permission and runs it through this table.
import "../server-only";
import type { Actor } from "../authz/actor";
import type { Permission } from "../authz/permissions";
import { notFound } from "../errors";
import type { ResourceTypeKey } from "./define";
import { alerterExecutions } from "./alerter/executions";
import { deploymentExecutions } from "./deployment/executions";
import { buildExecutions } from "./build/executions";
import { resourceType } from "./registry";
import { procedureExecutions } from "./procedure/executions";
import { repoExecutions } from "./repo/executions";
import { serverExecutions } from "./server/executions";
import { stackExecutions } from "./stack/executions";
import { syncExecutions } from "./sync/executions";

export type Run = (actor: Actor, id: string, body: unknown) => Promise<{ updateId: string }>;
export type Executions = Record<string, Run>;

export const EXECUTIONS: Partial<Record<ResourceTypeKey, Executions>> = {
  deployment: deploymentExecutions,
  stack: stackExecutions,
  server: serverExecutions,
  repo: repoExecutions,
  build: buildExecutions,
  alerter: alerterExecutions,
  procedure: procedureExecutions,
  sync: syncExecutions,
};

export function executionFor(type: ResourceTypeKey, operation: string): { permission: Permission; run: Run } {
  const declared = resourceType(type).operations?.find((o) => o.operation === operation);
  const run = EXECUTIONS[type]?.[operation];
  if (!declared || !run) throw notFound("Operation");
  return { permission: declared.permission, run };
}
