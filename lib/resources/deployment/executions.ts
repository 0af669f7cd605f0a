// What runs each of a Deployment's operations (declared in schema.ts).
import "../../server-only";
import type { Actor } from "../../authz/actor";
import { CONTAINER_ACTIONS, containerAction, deploy, rollback } from "../../executions/deployment";
import type { Executions } from "../executions";

export const deploymentExecutions: Executions = {
  deploy: (actor, id) => deploy(actor, id),
  rollback: (actor, id) => rollback(actor, id),
  ...Object.fromEntries(CONTAINER_ACTIONS.map((action) => [action, (actor: Actor, id: string) => containerAction(actor, id, action)])),
};
