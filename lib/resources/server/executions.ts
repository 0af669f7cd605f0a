// What runs each of a Server's operations (declared in schema.ts).
import "../../server-only";
import type { Actor } from "../../authz/actor";
import { prune, PRUNE_TARGETS } from "../../executions/server";
import type { Executions } from "../executions";

export const serverExecutions: Executions = Object.fromEntries(
  PRUNE_TARGETS.map((what) => [`prune-${what}`, (actor: Actor, id: string) => prune(actor, id, what)]),
);
