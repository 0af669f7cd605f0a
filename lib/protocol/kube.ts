// The Kubernetes part of the agent⇄core protocol (see agent.ts). The agent watches the
// cluster and forwards objects; core derives the catalog, timeline and health from them.
import { z } from "zod";
import { ZAnyObjectName, ZNamespaceName, ZObjectName, ZPodName } from "./kube-names";

/** Kinds the agent watches. CronJob is served as batch/v1 or batch/v1beta1 depending on the cluster. */
export const WATCHED_KINDS = [
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Pod",
  "Job",
  "CronJob",
  "Node",
  "Event",
  "ConfigMap",
  "Secret",
  "ControllerRevision",
  "PodDisruptionBudget",
  "HorizontalPodAutoscaler",
] as const;
export type WatchedKind = (typeof WATCHED_KINDS)[number];

export const ZKubeCapabilities = z.object({
  /** delete pod, scale, restart, rollback, rerun job, trigger cronjob */
  basic: z.boolean(),
  /** edit/create/delete resources, cordon/uncordon, drain */
  advanced: z.boolean(),
  /** shells in pods */
  podExec: z.boolean(),
  serverVersion: z.string(),
  cronJobApiVersion: z.enum(["batch/v1", "batch/v1beta1"]).nullable(),
});
export type KubeCapabilities = z.infer<typeof ZKubeCapabilities>;

/**
 * A Kubernetes object as the API returns it, minus managedFields. For Secrets the agent
 * replaces every value with "" before sending: core sees names and keys, never values.
 */
export const ZKubeObject = z
  .object({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    metadata: z.object({ name: z.string(), namespace: z.string().optional(), uid: z.string(), resourceVersion: z.string().optional() }).passthrough(),
  })
  .passthrough();
export type KubeObject = z.infer<typeof ZKubeObject>;

const required = (field: string) => z.string({ error: `${field} is required` }).min(1, `${field} is required`);

/** A manifest to create: what `kubectl create -f` takes (no uid or resourceVersion yet). */
export const ZKubeManifest = z
  .object({
    apiVersion: required("apiVersion"),
    kind: required("kind"),
    metadata: z.object({ name: required("metadata.name"), namespace: z.string().min(1).optional() }, { error: "metadata is required" }).passthrough(),
  })
  .passthrough();
export type KubeManifest = z.infer<typeof ZKubeManifest>;

/**
 * Core asks the agent's discovery whether a kind is namespaced before it authorizes an action on
 * it: a cluster-wide kind is authorized for the whole cluster, whatever namespace a request names.
 */
export const ZKubeScopeRequest = z.object({ type: z.literal("k8s.scope.request"), requestId: z.string(), apiVersion: z.string(), kind: z.string() });
/** `namespaced` is null when the cluster does not serve the kind in that apiVersion. */
export const ZKubeScopeReply = z.object({
  type: z.literal("k8s.scope"),
  requestId: z.string(),
  namespaced: z.boolean().nullable(),
  error: z.string().optional(),
});

/**
 * Why a requested namespace doesn't fit a kind's scope, or null when it does. One rule for core
 * (which refuses before asking anything of the cluster) and the agent (which refuses whatever
 * core sent): a namespace on a cluster-wide kind would be dropped by the URL, not refused.
 */
export function scopeProblem(kind: string, namespaced: boolean, namespace: string | undefined, field: string): string | null {
  if (namespaced && !namespace) return `${kind} is namespaced: set ${field}`;
  if (!namespaced && namespace) return `${kind} is cluster-wide: remove ${field}`;
  return null;
}

/** Core fell behind on cluster changes and dropped some: the agent restarts its watches, re-listing every kind. */
export const ZKubeResync = z.object({ type: z.literal("k8s.resync") });

export const ZKubeAgentMessage = z.discriminatedUnion("type", [
  ZKubeScopeReply,
  /**
   * One page of a full (re)list of one kind. A list of any size travels as pages (each under
   * the frame limit, lib/protocol/frames.ts) numbered from 0; core replaces what it holds for
   * that kind only when the page with `more: false` arrives. Defaults: a single-page list.
   */
  z.object({
    type: z.literal("k8s.list"),
    kind: z.enum(WATCHED_KINDS),
    objects: z.array(ZKubeObject),
    page: z.number().int().min(0).default(0),
    more: z.boolean().default(false),
  }),
  z.object({ type: z.literal("k8s.change"), kind: z.enum(WATCHED_KINDS), action: z.enum(["ADDED", "MODIFIED", "DELETED"]), object: ZKubeObject }),
]);

const ZWorkloadRef = z.object({ kind: z.enum(["Deployment", "StatefulSet", "DaemonSet"]), namespace: ZNamespaceName, name: ZObjectName });

/** Commands core sends to a cluster agent (inside the normal `command` envelope). */
export const ZKubeCommandPayload = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("k8s.scale"),
    target: ZWorkloadRef.extend({ kind: z.enum(["Deployment", "StatefulSet"]) }),
    replicas: z.number().int().min(0).max(10000),
  }),
  z.object({ kind: z.literal("k8s.restart"), target: ZWorkloadRef }),
  z.object({ kind: z.literal("k8s.rollback"), target: ZWorkloadRef }),
  z.object({ kind: z.literal("k8s.deletePod"), namespace: ZNamespaceName, name: ZPodName }),
  z.object({ kind: z.literal("k8s.rerunJob"), namespace: ZNamespaceName, name: ZObjectName }),
  z.object({ kind: z.literal("k8s.triggerCronJob"), namespace: ZNamespaceName, name: ZObjectName }),
  z.object({ kind: z.literal("k8s.cordon"), node: ZObjectName, unschedulable: z.boolean() }),
  z.object({ kind: z.literal("k8s.drain"), node: ZObjectName, timeoutSeconds: z.number().int().min(1).max(3600) }),
  /** Replace an object; `resourceVersion` in the manifest makes a stale edit a conflict. */
  z.object({ kind: z.literal("k8s.replace"), manifest: ZKubeObject }),
  z.object({ kind: z.literal("k8s.create"), manifest: ZKubeManifest }),
  z.object({ kind: z.literal("k8s.delete"), apiVersion: z.string(), objectKind: z.string(), namespace: ZNamespaceName.optional(), name: ZAnyObjectName }),
]);
export type KubeCommandPayload = z.infer<typeof ZKubeCommandPayload>;

/** Which capability each command needs; the agent refuses the rest with this reason. */
export const COMMAND_CAPABILITY: Record<KubeCommandPayload["kind"], "basic" | "advanced"> = {
  "k8s.scale": "basic",
  "k8s.restart": "basic",
  "k8s.rollback": "basic",
  "k8s.deletePod": "basic",
  "k8s.rerunJob": "basic",
  "k8s.triggerCronJob": "basic",
  "k8s.cordon": "advanced",
  "k8s.drain": "advanced",
  "k8s.replace": "advanced",
  "k8s.create": "advanced",
  "k8s.delete": "advanced",
};
