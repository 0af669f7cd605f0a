// The shape every resource type declares, in its folder lib/resources/<type>/. The registry
// (registry.ts) lists them so that lists, permissions, the API, OpenAPI, search, storage and
// the UI iterate instead of repeating. Pure data: safe in client code. What runs on the
// server (each operation's function) is in lib/resources/<type>/executions.ts, collected by
// lib/resources/executions.ts; what the UI adds is in components/resources/<type>/.
import type { z } from "zod";
import type { Permission } from "../authz/permissions";

export type ResourceTypeKey =
  "server" | "deployment" | "stack" | "build" | "builder" | "repo" | "procedure" | "sync" | "alerter" | "variable" | "credential" | "cluster";

/** A config field holding the id of another resource, checked on every write. */
export interface Reference {
  field: string;
  type: ResourceTypeKey;
  many?: boolean;
  /** For a list of objects (`many`), the key in each that holds the id, e.g. a registry's credentialId. */
  key?: string;
}

/** A write-only config field, encrypted at rest and never returned. */
export interface SecretField<C> {
  field: string;
  /** When the field is secret for this config (default: always). */
  when?: (config: C) => boolean;
}

/** An execution the type offers, as the UI shows it and as the execute route authorizes it. */
export interface OperationInfo {
  operation: string;
  label: string;
  /** What the actor needs on the resource (the execute route checks it). */
  permission: Permission;
  /** Asks for confirmation first. */
  destructive?: boolean;
  /** What the confirmation says (default: that it can't be undone). */
  confirm?: string;
  /** Acts on one item a body names (an image, a volume): started from that item's row, not the execution bar. */
  perItem?: boolean;
  /** Needs the reviewed plan in its body (a Sync's execute): started from the plan view, not the execution bar. */
  fromPlan?: boolean;
}

/** What Deployments and Stacks both offer on their containers, in the order the UI shows them. */
export const CONTAINER_LIFECYCLE: OperationInfo[] = (["restart", "stop", "start", "pause", "unpause"] as const).map((op) => ({
  operation: op,
  label: op.charAt(0).toUpperCase() + op.slice(1),
  permission: "execute",
}));

export interface ResourceTypeDefinition<S extends z.ZodType = z.ZodType> {
  key: ResourceTypeKey;
  /** Its table in prisma/schema.prisma (each type has one, with the same columns). */
  table: string;
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
  /** Executions, in the order the UI shows them; each needs a function in executions.ts. */
  operations?: OperationInfo[];
  /** Alert types raised about resources of this type (lib/alerts). */
  alerts?: readonly string[];
}

export function defineResourceType<S extends z.ZodType>(def: ResourceTypeDefinition<S>): ResourceTypeDefinition<S> {
  return def;
}
