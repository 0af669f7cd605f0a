// What the agent sends core about an object: the API's JSON minus managedFields (bulky
// server-side-apply bookkeeping nobody reads), and for Secrets no values at all — core
// stores and shows objects, so it must see a Secret's name and keys, never what they hold.
import { createHash } from "node:crypto";
import { jsonBytes } from "../../lib/protocol/frames";
import type { KubeObject } from "../../lib/protocol/kube";

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

/** Objects bigger than this as JSON are trimmed before they are sent (a frame to core is at most 1 MiB). */
export const MAX_OBJECT_BYTES = 512 * 1024;
/** Set on an object that was trimmed to fit; says what was left out. */
export const TRIMMED_ANNOTATION = "wheelhouse.dev/trimmed";

const digest = (value: unknown) => `sha256:${createHash("sha256").update(String(value)).digest("hex")}`;

/**
 * An object small enough to send. A ConfigMap can hold 1 MiB of data: over MAX_OBJECT_BYTES its
 * values become digests (so core still tells which keys changed) and the last-applied copy is
 * dropped; if it is still too big, only its identity and labels are sent. Either way an
 * annotation says so, and the object stays listed (a missing object would look deleted).
 */
export function fitObject(object: KubeObject): KubeObject {
  if (jsonBytes(object) <= MAX_OBJECT_BYTES) return object;
  const o = object as KubeObject & { data?: Record<string, unknown>; binaryData?: Record<string, unknown> };
  const annotations = { ...(o.metadata.annotations as Record<string, string> | undefined) };
  delete annotations[LAST_APPLIED];
  const digested = {
    ...o,
    ...(o.data ? { data: Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, digest(v)])) } : {}),
    ...(o.binaryData ? { binaryData: Object.fromEntries(Object.entries(o.binaryData).map(([k, v]) => [k, digest(v)])) } : {}),
    metadata: { ...o.metadata, annotations: { ...annotations, [TRIMMED_ANNOTATION]: "values replaced by digests: the object is too big to send whole" } },
  };
  if (jsonBytes(digested) <= MAX_OBJECT_BYTES) return digested;
  const { name, namespace, uid, resourceVersion, labels } = o.metadata as KubeObject["metadata"] & { labels?: unknown };
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: {
      name,
      namespace,
      uid,
      resourceVersion,
      labels,
      annotations: { [TRIMMED_ANNOTATION]: "only identity and labels: the object is too big to send" },
    },
  };
}
