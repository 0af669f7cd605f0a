// Create, edit (replace) and delete of any object, and delete pod. Replace is a PUT of the whole
// manifest: with the resourceVersion the user loaded, the API server refuses it when the
// object changed since, and that refusal must reach the user as a conflict, not an overwrite.
import { ApiException } from "@kubernetes/client-node";
import type { KubeCommandPayload, KubeManifest, KubeObject } from "../../lib/protocol/kubernetes";
import type { LogFn } from "../docker/progress";
import { ref, type Cluster } from "./cluster";
import { objectPath } from "./discovery";
import { isStatus } from "./rest";

export async function replace(c: Cluster, manifest: KubeObject, log: LogFn) {
  const { apiVersion, kind } = manifest;
  if (!apiVersion || !kind) throw new Error("The manifest needs apiVersion and kind");
  const { name, namespace, resourceVersion } = manifest.metadata;
  const path = await c.discovery.path(apiVersion, kind, namespace, name);
  try {
    const after = await c.client.request<KubeObject>("PUT", path, { body: manifest });
    log("replace", "stdout", `${kind} ${ref(namespace, name)} replaced (resourceVersion ${resourceVersion ?? "unset"} → ${after.metadata.resourceVersion})`);
    return { resourceVersion: after.metadata.resourceVersion };
  } catch (e) {
    if (isStatus(e, 409)) {
      throw new Error(`conflict: the object changed since you loaded it (${kind} ${ref(namespace, name)} was at resourceVersion ${resourceVersion}); nothing was changed — reload it and apply your edit again`);
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
  const resource = await c.discovery.resource(apiVersion, kind);
  if (!resource) throw new Error(`This cluster does not serve ${kind} in ${apiVersion}`);
  if (resource.namespaced && !metadata.namespace) throw new Error(`${kind} is namespaced: set metadata.namespace`);
  if (!resource.namespaced && metadata.namespace) throw new Error(`${kind} is cluster-wide: remove metadata.namespace`);
  try {
    const after = await c.client.request<KubeObject>("POST", objectPath(resource, metadata.namespace), { body: manifest });
    log("create", "stdout", `${kind} ${ref(metadata.namespace, metadata.name)} created (uid ${after.metadata.uid})`);
    return { uid: after.metadata.uid, resourceVersion: after.metadata.resourceVersion };
  } catch (e) {
    if (isStatus(e, 409)) throw new Error(`${kind} ${ref(metadata.namespace, metadata.name)} already exists; nothing was changed — edit it instead`);
    throw e;
  }
}

/** The API server's own message out of the generic object API's exception. */
function objectApiMessage(e: unknown): string {
  if (!(e instanceof ApiException)) return (e as Error).message;
  const raw: unknown = e.body;
  let body: { message?: string } | undefined;
  try {
    body = typeof raw === "string" ? JSON.parse(raw) : (raw as typeof body);
  } catch {
    return String(raw) || `HTTP ${e.code}`;
  }
  return body?.message ?? `HTTP ${e.code}`;
}

export async function deleteObject(c: Cluster, p: Extract<KubeCommandPayload, { kind: "k8s.delete" }>, log: LogFn) {
  const spec = { apiVersion: p.apiVersion, kind: p.objectKind, metadata: { name: p.name, namespace: p.namespace } };
  try {
    // Background like kubectl: the object goes now, its dependents (pods of a Deployment…) after.
    await c.objects.delete(spec, undefined, undefined, undefined, undefined, "Background");
  } catch (e) {
    throw new Error(`Could not delete ${p.objectKind} ${ref(p.namespace, p.name)}: ${objectApiMessage(e)}`);
  }
  log("delete", "stdout", `${p.objectKind} ${ref(p.namespace, p.name)} deleted`);
  return { deleted: true };
}

export async function deletePod(c: Cluster, namespace: string, name: string, log: LogFn) {
  await c.client.request("DELETE", await c.discovery.path("v1", "Pod", namespace, name));
  log("delete", "stdout", `Pod ${ref(namespace, name)} deleted; its controller, if any, replaces it`);
  return { deleted: true };
}
