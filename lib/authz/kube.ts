// Kubernetes RBAC: policies grant actions on clusters and namespaces (names or patterns,
// evaluated at check time) to users and groups, optionally until an expiry. Pure evaluation
// here; authorize() loads the policies and applies it.
import { matchesPattern } from "./pattern";

export const KUBE_ACTIONS = [
  "view",
  "logs",
  "scale",
  "restart",
  "rollback",
  "delete:pod",
  "rerun:job",
  "run:cronjob",
  "exec:pod",
  "edit",
  "delete",
  "cordon",
  "drain",
] as const;
export type KubeAction = (typeof KUBE_ACTIONS)[number];

export interface KubePolicyRule {
  clusters: string;
  namespaces: string;
  actions: string[];
  expiresAt: Date | null;
}

const matches = (pattern: string, value: string) => pattern === "*" || matchesPattern(pattern, value);

/** Whether a (clusters, namespaces) pattern pair covers a namespace; node-level things (null) need every namespace. */
export function scopeAllows(scope: { clusters: string; namespaces: string }, cluster: string, namespace: string | null): boolean {
  return matches(scope.clusters, cluster) && (namespace === null ? scope.namespaces === "*" : matches(scope.namespaces, namespace));
}

/** Node-level actions (cordon, drain, node views) have no namespace: they need a policy on every namespace. */
export function kubeAllowed(policies: readonly KubePolicyRule[], cluster: string, namespace: string | null, action: KubeAction, now = new Date()): boolean {
  return policies.some(
    (p) => (!p.expiresAt || p.expiresAt > now) && scopeAllows(p, cluster, namespace) && (p.actions.includes(action) || p.actions.includes("*")),
  );
}

/** Actions granted in at least one namespace of a cluster: what a cluster-wide page may offer. */
export function kubeActionsSomewhere(policies: readonly KubePolicyRule[], cluster: string, now = new Date()): KubeAction[] {
  const live = policies.filter((p) => (!p.expiresAt || p.expiresAt > now) && matches(p.clusters, cluster));
  return KUBE_ACTIONS.filter((a) => live.some((p) => p.actions.includes(a) || p.actions.includes("*")));
}
