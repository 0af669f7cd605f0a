// Who may acknowledge an alert (the rule acknowledge.ts enforces; the list uses it to show or
// hide the button): Execute on the target resource, or for a Kubernetes alert an action beyond
// viewing in its namespace.
import "../server-only";
import type { Actor } from "../authz/actor";
import { accessOf } from "../authz/authorize";
import { kubeAccessOf, type KubeAccess } from "../authz/kube-access";
import { KUBE_ACTIONS } from "../authz/kube";
import { atLeast } from "../authz/permissions";
import { isResourceTypeKey } from "../resources/registry";

export const actsIn = (access: KubeAccess, cluster: string, namespace: string) =>
  KUBE_ACTIONS.some((a) => a !== "view" && a !== "logs" && access.allows(cluster, namespace || null, a));

/** For a page of alerts: whether the actor may acknowledge each (`clusterNames`: the current name of each cluster id). */
export async function acknowledgeable(
  actor: Actor,
  alerts: { id: string; targetType: string; targetId: string; targetName: string; namespace: string | null }[],
  clusterNames: Map<string, string>,
): Promise<Set<string>> {
  const out = new Set<string>();
  let kube: KubeAccess | undefined;
  for (const a of alerts) {
    if (a.targetType === "cluster" && a.namespace !== null) {
      const name = clusterNames.get(a.targetId);
      kube ??= await kubeAccessOf(actor);
      if (name !== undefined && actsIn(kube, name, a.namespace)) out.add(a.id);
    } else if (isResourceTypeKey(a.targetType)) {
      // The name recorded: close enough to show a button; the acknowledgement itself checks the resource as it is now.
      if (atLeast((await accessOf(actor, a.targetType, { id: a.targetId, name: a.targetName })).level, "Execute")) out.add(a.id);
    }
  }
  return out;
}
