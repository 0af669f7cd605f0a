// The one list of resource types. Everything generic (API routes, permissions, search,
// OpenAPI, sidebar, list and detail pages) iterates over this instead of naming types.
import { alerter } from "./alerter/schema";
import { build } from "./build/schema";
import { builder } from "./builder/schema";
import { cluster } from "./cluster/schema";
import { credential } from "./credential/schema";
import type { ResourceTypeDefinition, ResourceTypeKey } from "./define";
import { deployment } from "./deployment/schema";
import { TYPE_ORDER } from "./names";
import { procedure } from "./procedure/schema";
import { repo } from "./repo/schema";
import { server } from "./server/schema";
import { stack } from "./stack/schema";
import { sync } from "./sync/schema";
import { variable } from "./variable/schema";

const DEFINITIONS = { server, deployment, stack, build, repo, procedure, sync, builder, alerter, variable, credential, cluster } as unknown as Record<
  ResourceTypeKey,
  ResourceTypeDefinition
>;

/** In sidebar order (names.ts). */
export const RESOURCE_TYPES: readonly ResourceTypeDefinition[] = TYPE_ORDER.map((key) => DEFINITIONS[key]);

const byKey = new Map(RESOURCE_TYPES.map((t) => [t.key, t]));
const byPlural = new Map(RESOURCE_TYPES.map((t) => [t.plural, t]));

export function resourceType(key: ResourceTypeKey): ResourceTypeDefinition {
  return byKey.get(key)!;
}

export { isResourceTypeKey } from "./names";

/** Looks a type up by its URL segment ("servers"); undefined for anything else. */
export function resourceTypeByPlural(plural: string): ResourceTypeDefinition | undefined {
  return byPlural.get(plural);
}

export type { ResourceTypeDefinition, ResourceTypeKey };
