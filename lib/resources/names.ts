// Each resource type's names, and the order types are listed in. Pure and tiny on purpose: the
// shell every page loads (sidebar, live feed) needs only these, not the config schemas (and zod)
// that lib/resources/registry.ts brings. Each type's schema.ts spreads its entry, so they are
// declared once.
import type { ResourceTypeKey } from "./define";

export interface TypeNames {
  key: ResourceTypeKey;
  label: string;
  /** The URL segment (/servers) and API path segment. */
  plural: string;
  labelPlural: string;
}

export const TYPE_NAMES = {
  server: { key: "server", label: "Server", plural: "servers", labelPlural: "Servers" },
  deployment: { key: "deployment", label: "Deployment", plural: "deployments", labelPlural: "Deployments" },
  stack: { key: "stack", label: "Stack", plural: "stacks", labelPlural: "Stacks" },
  build: { key: "build", label: "Build", plural: "builds", labelPlural: "Builds" },
  repo: { key: "repo", label: "Repo", plural: "repos", labelPlural: "Repos" },
  procedure: { key: "procedure", label: "Procedure", plural: "procedures", labelPlural: "Procedures" },
  sync: { key: "sync", label: "Resource Sync", plural: "syncs", labelPlural: "Resource Syncs" },
  builder: { key: "builder", label: "Builder", plural: "builders", labelPlural: "Builders" },
  alerter: { key: "alerter", label: "Alerter", plural: "alerters", labelPlural: "Alerters" },
  variable: { key: "variable", label: "Variable", plural: "variables", labelPlural: "Variables" },
  credential: { key: "credential", label: "Credential", plural: "credentials", labelPlural: "Credentials" },
  cluster: { key: "cluster", label: "Cluster", plural: "clusters", labelPlural: "Clusters" },
} as const satisfies Record<ResourceTypeKey, TypeNames>;

/** In sidebar order. */
export const TYPE_ORDER = Object.keys(TYPE_NAMES) as ResourceTypeKey[];

export function isResourceTypeKey(key: string): key is ResourceTypeKey {
  return Object.hasOwn(TYPE_NAMES, key);
}
