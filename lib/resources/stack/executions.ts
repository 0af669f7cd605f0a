// What runs each of a Stack's operations (declared in schema.ts).
import "../../server-only";
import { z } from "zod";
import type { Actor } from "../../authz/actor";
import { deployStack, STACK_ACTIONS, stackAction } from "../../executions/stack";
import { parseInput } from "../../validation";
import type { Executions } from "../executions";

/** The body `destroy` reads (exported for the OpenAPI document). */
export const ZStackDestroyOptions = z
  .object({ removeOrphans: z.boolean().default(false) })
  .strict()
  .default({ removeOrphans: false });

export const stackExecutions: Executions = {
  deploy: (actor, id) => deployStack(actor, id),
  "deploy-if-changed": (actor, id) => deployStack(actor, id, { ifChanged: true }),
  ...Object.fromEntries(
    STACK_ACTIONS.map((action) => [
      action,
      (actor: Actor, id: string, body: unknown) => stackAction(actor, id, action, action === "destroy" ? parseInput(ZStackDestroyOptions, body ?? {}) : {}),
    ]),
  ),
};
