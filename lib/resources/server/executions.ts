// What runs each of a Server's operations (declared in schema.ts).
import "../../server-only";
import type { Actor } from "../../authz/actor";
import { allContainers, deleteItem, prune, PRUNE_TARGETS } from "../../executions/server";
import { CONTAINERS_ACTIONS } from "../../protocol/docker-housekeeping";
import type { Executions } from "../executions";

export const serverExecutions: Executions = {
  ...Object.fromEntries(
    CONTAINERS_ACTIONS.map((action) => [`${action}-all-containers`, (actor: Actor, id: string, body: unknown) => allContainers(actor, id, action, body)]),
  ),
  ...Object.fromEntries(PRUNE_TARGETS.map((what) => [`prune-${what}`, (actor: Actor, id: string) => prune(actor, id, what)])),
  "delete-image": (actor, id, body) => deleteItem(actor, id, "image", body),
  "delete-volume": (actor, id, body) => deleteItem(actor, id, "volume", body),
  "delete-network": (actor, id, body) => deleteItem(actor, id, "network", body),
};
