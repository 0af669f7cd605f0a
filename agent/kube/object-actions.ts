// Create, edit (replace) and delete of any object, and delete pod. Replace is a PUT of the whole
// manifest: with the resourceVersion the user loaded, the API server refuses it when the
// object changed since, and that refusal must reach the user as a conflict, not an overwrite.
//
// Core authorized each of these for the namespace it names (or, for a cluster-wide kind, for
// the whole cluster). The agent checks that scope again against the cluster's own discovery,
// whatever core sent: a namespace on a cluster-wide kind would otherwise be ignored by the
// URL and the action would land cluster-wide under a namespace's authorization.
import { scopeProblem, type KubeCommandPayload, type KubeManifest, type KubeObject } from "../../lib/protocol/kube";
import type { LogFn } from "../docker/progress";
import { ref, type Cluster } from "./cluster";
import { objectPath, type ApiResource } from "./discovery";
import { isStatus } from "./rest";

/** The served resource of a kind, refused unless `namespace` is set exactly when the kind is namespaced. */
export async function scopedResource(
  c: Cluster,
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  field = "metadata.namespace",
): Promise<ApiResource> {
  const resource = await c.discovery.resource(apiVersion, kind);
  if (!resource) throw new Error(`This cluster does not serve ${kind} in ${apiVersion}`);
  const problem = scopeProblem(kind, resource.namespaced, namespace, field);
  if (problem) throw new Error(problem);
  return resource;
}

export async function replace(c: Cluster, manifest: KubeObject, log: LogFn) {
  const { apiVersion, kind } = manifest;
  if (!apiVersion || !kind) throw new Error("The manifest needs apiVersion and kind");
  const { name, namespace, resourceVersion } = manifest.metadata;
  const path = objectPath(await scopedResource(c, apiVersion, kind, namespace), namespace, name);
  try {
    const after = await c.client.request<KubeObject>("PUT", path, { body: manifest });
    log("replace", "stdout", `${kind} ${ref(namespace, name)} replaced (resourceVersion ${resourceVersion ?? "unset"} → ${after.metadata.resourceVersion})`);
    return { resourceVersion: after.metadata.resourceVersion };
  } catch (e) {
    if (isStatus(e, 409)) {
      throw new Error(
        `conflict: the object changed since you loaded it (${kind} ${ref(namespace, name)} was at resourceVersion ${resourceVersion}); nothing was changed — reload it and apply your edit again`,
      );
    }
    throw e;
  }
}

/**
 * Creates an object like `kubectl create -f`. A namespaced kind must name its namespace: core
 * authorized the action for that namespace, so the agent never picks one itself.
 */
export async function create(c: Cluster, manifest: KubeManifest, log: LogFn) {
  const { apiVersion, kind, metadata } = manifest;
  const resource = await scopedResource(c, apiVersion, kind, metadata.namespace);
  try {
    const after = await c.client.request<KubeObject>("POST", objectPath(resource, metadata.namespace), { body: manifest });
    log("create", "stdout", `${kind} ${ref(metadata.namespace, metadata.name)} created (uid ${after.metadata.uid})`);
    return { uid: after.metadata.uid, resourceVersion: after.metadata.resourceVersion };
  } catch (e) {
    if (isStatus(e, 409)) throw new Error(`${kind} ${ref(metadata.namespace, metadata.name)} already exists; nothing was changed — edit it instead`);
    throw e;
  }
}

export async function deleteObject(c: Cluster, p: Extract<KubeCommandPayload, { kind: "k8s.delete" }>, log: LogFn) {
  const resource = await scopedResource(c, p.apiVersion, p.objectKind, p.namespace, "namespace");
  try {
    // Background like kubectl: the object goes now, its dependents (pods of a Deployment…) after.
    await c.client.request("DELETE", objectPath(resource, p.namespace, p.name), {
      body: { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Background" },
    });
  } catch (e) {
    throw new Error(`Could not delete ${p.objectKind} ${ref(p.namespace, p.name)}: ${(e as Error).message}`);
  }
  log("delete", "stdout", `${p.objectKind} ${ref(p.namespace, p.name)} deleted`);
  return { deleted: true };
}

export async function deletePod(c: Cluster, namespace: string, name: string, log: LogFn) {
  await c.client.request("DELETE", await c.discovery.path("v1", "Pod", namespace, name));
  log("delete", "stdout", `Pod ${ref(namespace, name)} deleted; its controller, if any, replaces it`);
  return { deleted: true };
}
