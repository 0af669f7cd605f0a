// What runs each of a Deployment's operations (declared in schema.ts).
import "../../server-only";
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { CONTAINER_ACTIONS, containerAction, deploy, rollback } from "../../executions/deployment";
import { parseInput } from "../../validation";
import type { Executions } from "../executions";

/** The body `rollback` reads (exported for the OpenAPI document). */
export const ZRollbackOptions = z
  .object({ to: z.string().max(64).optional().describe("The Update id of the deploy to go back to (default: the one before the current)") })
  .strict()
  .default({});

export const deploymentExecutions: Executions = {
  deploy: (actor, id) => deploy(actor, id),
  rollback: (actor, id, body) => rollback(actor, id, parseInput(ZRollbackOptions, body ?? {})),
  ...Object.fromEntries(CONTAINER_ACTIONS.map((action) => [action, (actor: Actor, id: string) => containerAction(actor, id, action)])),
};
