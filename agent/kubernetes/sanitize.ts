// What the agent sends core about an object: the API's JSON minus managedFields (bulky
// server-side-apply bookkeeping nobody reads), and for Secrets no values at all — core
// stores and shows objects, so it must see a Secret's name and keys, never what they hold.
import type { KubeObject } from "../../lib/protocol/kubernetes";

type Json = Record<string, unknown>;

/** Annotation in which `kubectl apply` keeps the whole last applied manifest, values included. */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

const blankValues = (values: unknown): Record<string, string> | undefined =>
  values && typeof values === "object" ? Object.fromEntries(Object.keys(values).map((k) => [k, ""])) : undefined;

/**
 * A copy fit to leave the cluster. `apiVersion`/`kind` are filled in because list responses
 * omit them on each item.
 */
export function sanitize(object: Json, apiVersion: string, kind: string): KubeObject {
  const metadata = { ...(object.metadata as Json) };
  delete metadata.managedFields;
  const copy: Json = { ...object, apiVersion: object.apiVersion ?? apiVersion, kind: object.kind ?? kind, metadata };
  if (kind === "Secret") {
    if ("data" in copy) copy.data = blankValues(copy.data);
    if ("stringData" in copy) copy.stringData = blankValues(copy.stringData);
    const annotations = metadata.annotations as Record<string, string> | undefined;
    // The annotation holds the applied manifest, data and all: keep that it exists, not what it says.
    if (annotations && LAST_APPLIED in annotations) metadata.annotations = { ...annotations, [LAST_APPLIED]: "" };
  }
  return copy as KubeObject;
}
