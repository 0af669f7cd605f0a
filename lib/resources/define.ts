// The shape every resource type declares. The registry (registry.ts) lists them so that
// lists, permissions, the API, OpenAPI, search and the UI iterate instead of repeating.
import type { z } from "zod";

export type ResourceTypeKey =
  | "server"
  | "deployment"
  | "stack"
  | "build"
  | "builder"
  | "repo"
  | "procedure"
  | "sync"
  | "alerter"
  | "variable"
  | "credential"
  | "cluster";

/** A config field holding the id of another resource, checked on every write. */
export interface Reference {
  field: string;
  type: ResourceTypeKey;
  many?: boolean;
}

/** A write-only config field, encrypted at rest and never returned. */
export interface SecretField<C> {
  field: string;
  /** When the field is secret for this config (default: always). */
  when?: (config: C) => boolean;
}

export interface ResourceTypeDefinition<S extends z.ZodType = z.ZodType> {
  key: ResourceTypeKey;
  label: string;
  plural: string;
  labelPlural: string;
  description: string;
  config: S;
  references?: Reference[];
  secrets?: SecretField<z.infer<S>>[];
  /**
   * A key no two resources of the type sharing the config field `within` may have (e.g. a
   * Stack's compose project per server), reported on `config.<field>`.
   */
  uniqueKey?: { field: string; within: string; of: (name: string, config: z.infer<S>) => string; message: (name: string, config: z.infer<S>) => string };
  /** Columns shown in the list page. */
  summary: (config: z.infer<S>) => [string, string][];
}

export function defineResourceType<S extends z.ZodType>(def: ResourceTypeDefinition<S>): ResourceTypeDefinition<S> {
  return def;
}
