// What an actor may do in Kubernetes, as one predicate: its user's policies (or admin), the
// level its API key is capped at, and the key's own cluster/namespace scope. authorize() and
// every list that filters Kubernetes data use this, so the rules can't drift apart.
import "../server-only";
import type { Actor } from "./actor";
import { db } from "../db";
import { KUBE_ACTIONS, kubeActionsSomewhere, kubeAllowed, scopeAllows, type KubeAction, type KubePolicyRule } from "./kube";
import { atLeast } from "./permissions";

export interface KubeAccess {
  /** May the actor do `action` in this namespace (null: cluster-wide or node-level)? */
  allows(cluster: string, namespace: string | null, action: KubeAction): boolean;
  /** The actions the actor may do in at least one namespace of the cluster. */
  actionsSomewhere(cluster: string): KubeAction[];
}

const kubePolicyCache = new WeakMap<Actor, Promise<KubePolicyRule[]>>();

/** The actor's Kubernetes policies, directly and through groups; loaded once per request. */
export function kubePoliciesOf(actor: Actor): Promise<KubePolicyRule[]> {
  let policies = kubePolicyCache.get(actor);
  if (!policies) {
    // One round trip for the user's own policies and its groups' (every Kubernetes list waits on it).
    policies = db.$queryRaw<KubePolicyRule[]>`
      SELECT clusters, namespaces, actions, "expiresAt" FROM "KubePolicy"
      WHERE "userId" = ${actor.id} OR "userGroupId" IN (SELECT "B" FROM "_UserToUserGroup" WHERE "A" = ${actor.id})`;
    kubePolicyCache.set(actor, policies);
  }
  return policies;
}

/** Whether an API key narrows the actor's Kubernetes reach. */
export const kubeScoped = (actor: Actor) => Boolean(actor.key && (actor.key.clusters !== "*" || actor.key.namespaces !== "*"));

const levelAllows = (actor: Actor, action: KubeAction) => atLeast(actor.maxLevel, action === "view" || action === "logs" ? "Read" : "Execute");

export async function kubeAccessOf(actor: Actor): Promise<KubeAccess> {
  const key = actor.key;
  const inKeyScope = (cluster: string, namespace: string | null) => !key || scopeAllows(key, cluster, namespace);
  const keyReaches = (cluster: string) => !key || scopeAllows({ clusters: key.clusters, namespaces: "*" }, cluster, "");
  if (actor.admin) {
    return {
      allows: (cluster, namespace, action) => levelAllows(actor, action) && inKeyScope(cluster, namespace),
      actionsSomewhere: (cluster) => (keyReaches(cluster) ? KUBE_ACTIONS.filter((a) => levelAllows(actor, a)) : []),
    };
  }
  const policies = await kubePoliciesOf(actor);
  return {
    allows: (cluster, namespace, action) => levelAllows(actor, action) && inKeyScope(cluster, namespace) && kubeAllowed(policies, cluster, namespace, action),
    actionsSomewhere: (cluster) => (keyReaches(cluster) ? kubeActionsSomewhere(policies, cluster).filter((a) => levelAllows(actor, a)) : []),
  };
}
