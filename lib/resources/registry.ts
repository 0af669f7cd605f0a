// The one list of resource types. Everything generic (API routes, permissions, search,
// OpenAPI, sidebar, list and detail pages) iterates over this instead of naming types.
import { alerter } from "./alerter/schema";
import { build } from "./build/schema";
import { builder } from "./builder/schema";
import { cluster } from "./cluster/schema";
import { credential } from "./credential/schema";
import type { ResourceTypeDefinition, ResourceTypeKey } from "./define";
import { deployment } from "./deployment/schema";
import { procedure } from "./procedure/schema";
import { repo } from "./repo/schema";
import { server } from "./server/schema";
import { stack } from "./stack/schema";
import { sync } from "./sync/schema";
import { variable } from "./variable/schema";

/** In sidebar order. */
export const RESOURCE_TYPES = [
  server,
  deployment,
  stack,
  build,
  repo,
  procedure,
  sync,
  builder,
  alerter,
  variable,
  credential,
  cluster,
] as unknown as readonly ResourceTypeDefinition[];

const byKey = new Map(RESOURCE_TYPES.map((t) => [t.key, t]));
const byPlural = new Map(RESOURCE_TYPES.map((t) => [t.plural, t]));

export function resourceType(key: ResourceTypeKey): ResourceTypeDefinition {
  return byKey.get(key)!;
}

export function isResourceTypeKey(key: string): key is ResourceTypeKey {
  return byKey.has(key as ResourceTypeKey);
}

/** Looks a type up by its URL segment ("servers"); undefined for anything else. */
export function resourceTypeByPlural(plural: string): ResourceTypeDefinition | undefined {
  return byPlural.get(plural);
}

export type { ResourceTypeDefinition, ResourceTypeKey };
