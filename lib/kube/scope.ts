// Where an object lives, decided by the cluster rather than by the request. A namespace in a
// request for a cluster-wide kind (Namespace, ClusterRoleBinding, PersistentVolume, a CRD) is
// ignored by the API server's URL, so authorizing the action for that namespace would let a
// user with rights in one namespace change the whole cluster. Core asks the cluster's agent,
// whose discovery knows every served kind (CRDs included), and authorizes accordingly.
import "../server-only";
import { request } from "../agents/requests";
import type { KubeAction } from "../authz/kube";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { scopeProblem, type KubeCommandPayload } from "../protocol/kube";

/** The kind, apiVersion and requested namespace of commands that address any kind of object. */
export function genericObject(p: KubeCommandPayload): { apiVersion: string; kind: string; namespace: string | undefined; field: string } | null {
  switch (p.kind) {
    case "k8s.create":
    case "k8s.replace":
      return { apiVersion: p.manifest.apiVersion ?? "", kind: p.manifest.kind ?? "", namespace: p.manifest.metadata.namespace, field: "metadata.namespace" };
    case "k8s.delete":
      return { apiVersion: p.apiVersion, kind: p.objectKind, namespace: p.namespace, field: "namespace" };
    default:
      return null;
  }
}

/** Whether the cluster serves `kind` namespaced; refuses a kind it doesn't serve. */
export async function isNamespaced(agentId: string, apiVersion: string, kind: string): Promise<boolean> {
  if (!apiVersion || !kind)
    throw new AppError("INVALID_INPUT", "The manifest needs apiVersion and kind", { [apiVersion ? "kind" : "apiVersion"]: ["Required"] });
  let namespaced: boolean | null = null;
  const asked = await request(
    agentId,
    { type: "k8s.scope.request", apiVersion, kind },
    (data) => (namespaced = (data as { namespaced: boolean | null }).namespaced),
  );
  await asked.done;
  if (namespaced === null)
    throw new AppError("INVALID_INPUT", `This cluster does not serve ${kind} in ${apiVersion}`, {
      kind: [`This cluster does not serve ${kind} in ${apiVersion}`],
    });
  return namespaced;
}

/** A requested namespace that doesn't fit the kind's scope: refused, never silently dropped. */
export function scopeMismatch(kind: string, namespaced: boolean, namespace: string | undefined, field: string): AppError | null {
  const problem = scopeProblem(kind, namespaced, namespace, field);
  return problem ? new AppError("INVALID_INPUT", problem, { [field]: [problem] }) : null;
}

/**
 * The authorize() target of a request about a namespaced object (a pod, a service): its
 * namespace is part of the object's identity, so the request's namespace is the object's.
 * Never use this for kinds that may be cluster-wide: those go through the agent's discovery above.
 */
export async function namespacedTarget(clusterId: string, namespace: string, action: KubeAction) {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { name: true } });
  if (!cluster) throw notFound("Cluster");
  return { kind: "kube" as const, cluster: cluster.name, namespace, action };
}
