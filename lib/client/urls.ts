// Every /api/v1 path the browser calls, in one place, so a route that moves is changed here
// and nowhere else (the route files under app/api/v1 are the other side of each builder).
// Query strings drop empty values, as the hand-written ones did.

import type { AlertFilters } from "../alerts/types";

type QueryValue = string | number | boolean | null | undefined;

/** `path`, plus a query string of the non-empty values when there are any. */
export function withQuery(path: string, query: Record<string, QueryValue> | URLSearchParams = {}): string {
  const params = query instanceof URLSearchParams ? query : new URLSearchParams();
  if (!(query instanceof URLSearchParams)) {
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

const V1 = "/api/v1";
const id = (value: string) => encodeURIComponent(value);

export const urls = {
  /** The OpenAPI document the sidebar links to. */
  openapi: () => `${V1}/openapi.json`,
  /** First-run administrator setup, or self sign-up. */
  auth: (mode: "setup" | "signup") => `${V1}/${mode}`,
  search: (q: string) => withQuery(`${V1}/search`, { q }),

  resources: {
    list: (plural: string, query: { q?: string; tags?: string[] } = {}) => {
      const params = new URLSearchParams();
      if (query.q) params.set("q", query.q);
      for (const tag of query.tags ?? []) params.append("tag", tag);
      return withQuery(`${V1}/${plural}`, params);
    },
    create: (plural: string) => `${V1}/${plural}`,
    detail: (plural: string, resourceId: string) => `${V1}/${plural}/${id(resourceId)}`,
    execute: (plural: string, resourceId: string, operation: string) => `${V1}/${plural}/${id(resourceId)}/execute/${operation}`,
    /** Enrol (POST) or revoke (DELETE) a server's agent. */
    agent: (plural: string, resourceId: string) => `${V1}/${plural}/${id(resourceId)}/agent`,
    /** The logs endpoint of a deployment or a stack (ContainerLogs adds the query). */
    logs: (plural: "deployments" | "stacks", resourceId: string) => `${V1}/${plural}/${id(resourceId)}/logs`,
    /** The commit a git-sourced Repo, Build or Stack's remote branch points at now. */
    gitHead: (plural: "repos" | "builds" | "stacks", resourceId: string) => `${V1}/${plural}/${id(resourceId)}/git-head`,
    /** A Procedure's schedule: next runs and recent ticks. */
    schedule: (procedureId: string) => `${V1}/procedures/${id(procedureId)}/schedule`,
    /** An Alerter's recent deliveries and how each went. */
    deliveries: (alerterId: string) => `${V1}/alerters/${id(alerterId)}/deliveries`,
  },

  syncs: {
    /** Computes a ResourceSync's plan now (a refresh: it also records what is pending). */
    plan: (syncId: string) => `${V1}/syncs/${id(syncId)}/plan`,
  },

  /** The current state as sync TOML: all of it, or some types, one tag, some names. */
  export: (query: { types?: string[]; tag?: string; names?: string } = {}) =>
    withQuery(`${V1}/export`, { types: query.types?.join(","), tag: query.tag, names: query.names }),

  servers: {
    inventory: (serverId: string) => `${V1}/servers/${id(serverId)}/inventory`,
    stats: (serverId: string, range: string) => withQuery(`${V1}/servers/${id(serverId)}/stats`, { range }),
  },

  alerts: {
    list: (query: AlertFilters = {}) => withQuery(`${V1}/alerts`, { ...query }),
    count: () => `${V1}/alerts/count`,
    acknowledge: (alertId: string) => `${V1}/alerts/${id(alertId)}/acknowledge`,
  },

  updates: {
    list: (query: { targetType?: string; targetId?: string; outcome?: string; trigger?: string; cursor?: string } = {}) => withQuery(`${V1}/updates`, query),
    detail: (updateId: string) => `${V1}/updates/${id(updateId)}`,
    cancel: (updateId: string) => `${V1}/updates/${id(updateId)}/cancel`,
  },

  tags: {
    list: () => `${V1}/tags`,
    create: () => `${V1}/tags`,
    detail: (tagId: string) => `${V1}/tags/${id(tagId)}`,
  },

  terminals: {
    create: () => `${V1}/terminals`,
  },

  me: {
    password: () => `${V1}/me/password`,
  },

  apiKeys: {
    list: () => `${V1}/api-keys`,
    create: () => `${V1}/api-keys`,
    detail: (keyId: string) => `${V1}/api-keys/${id(keyId)}`,
  },

  users: {
    list: () => `${V1}/users`,
    create: () => `${V1}/users`,
    detail: (userId: string) => `${V1}/users/${id(userId)}`,
  },

  userGroups: {
    list: () => `${V1}/user-groups`,
    create: () => `${V1}/user-groups`,
    detail: (groupId: string) => `${V1}/user-groups/${id(groupId)}`,
  },

  permissions: {
    list: (filter: { userId?: string; userGroupId?: string }) => withQuery(`${V1}/permissions`, filter),
    create: () => `${V1}/permissions`,
    detail: (grantId: string) => `${V1}/permissions/${id(grantId)}`,
  },

  kubePolicies: {
    /** A subject's own policies, or (effectiveFor) every policy that applies to a user. */
    list: (filter: { userId?: string; userGroupId?: string; effectiveFor?: string }) => withQuery(`${V1}/kube-policies`, filter),
    create: () => `${V1}/kube-policies`,
    detail: (policyId: string) => `${V1}/kube-policies/${id(policyId)}`,
  },

  kube: {
    access: (filter: { clusterId: string }) => withQuery(`${V1}/kube/access`, filter),
    nodes: (filter: { clusterId: string }) => withQuery(`${V1}/kube/nodes`, filter),
    jobs: (filter: { clusterId: string }) => withQuery(`${V1}/kube/jobs`, filter),
    services: (filter: { clusterId?: string } = {}) => withQuery(`${V1}/kube/services`, filter),
    service: (komodorUid: string) => withQuery(`${V1}/kube/service`, { komodorUid }),
    timeline: (query: Record<string, QueryValue>) => withQuery(`${V1}/kube/timeline`, query),
    health: (query: Record<string, QueryValue>) => withQuery(`${V1}/kube/health`, query),
    monitor: (monitorId: string) => `${V1}/kube/health/${id(monitorId)}`,
    object: (ref: { clusterId: string; kind: string; namespace: string; name: string }) => withQuery(`${V1}/kube/object`, ref),
    actions: () => `${V1}/kube/actions`,
    shells: () => `${V1}/kube/shells`,
    /** The pod logs endpoint (ContainerLogs adds clusterId, namespace and pod). */
    logs: () => `${V1}/kube/logs`,
  },
};
