// The function and permission behind each execution listed in operations.ts; the execute
// route (app/api/v1/[type]/[id]/execute/[operation]) dispatches through this table.
import { z } from "zod";
import type { Actor } from "../authz/actor";
import type { Permission } from "../authz/permissions";
import { notFound } from "../errors";
import type { ResourceTypeKey } from "../resources/define";
import { parseInput } from "../validation";
import { CONTAINER_ACTIONS, containerAction, deploy, rollback } from "./deployment";
import { prune, PRUNE_TARGETS } from "./server";
import { deployStack, STACK_ACTIONS, stackAction } from "./stack";

export interface Execution {
  permission: Permission;
  run: (actor: Actor, id: string, body: unknown) => Promise<{ updateId: string }>;
}

// Exported for the OpenAPI document.
export const ZStackDestroyOptions = z.object({ removeOrphans: z.boolean().default(false) }).strict().default({ removeOrphans: false });

export const EXECUTIONS: Partial<Record<ResourceTypeKey, Record<string, Execution>>> = {
  deployment: {
    deploy: { permission: "execute", run: (actor, id) => deploy(actor, id) },
    rollback: { permission: "execute", run: (actor, id) => rollback(actor, id) },
    ...Object.fromEntries(
      CONTAINER_ACTIONS.map((action) => [action, { permission: "execute", run: (actor: Actor, id: string) => containerAction(actor, id, action) } satisfies Execution]),
    ),
  },
  stack: {
    deploy: { permission: "execute", run: (actor, id) => deployStack(actor, id) },
    ...Object.fromEntries(
      STACK_ACTIONS.map((action) => [
        action,
        {
          permission: "execute",
          run: (actor: Actor, id: string, body: unknown) => stackAction(actor, id, action, action === "destroy" ? parseInput(ZStackDestroyOptions, body ?? {}) : {}),
        } satisfies Execution,
      ]),
    ),
  },
  server: Object.fromEntries(PRUNE_TARGETS.map((what) => [`prune-${what}`, { permission: "execute", run: (actor: Actor, id: string) => prune(actor, id, what) } satisfies Execution])),
};

export function executionFor(type: ResourceTypeKey, operation: string): Execution {
  const execution = EXECUTIONS[type]?.[operation];
  if (!execution) throw notFound("Operation");
  return execution;
}
