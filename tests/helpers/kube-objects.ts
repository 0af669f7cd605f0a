// Cluster objects shaped as the agent forwards them, for tests of core's ingest and the
// benchmarks that drive it.
import type { KubeObject } from "@/lib/protocol/kube";

export const deployment = (ns: string, name: string, image: string, replicas = 1, podSpec: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: ns, uid: `uid-${ns}-${name}`, generation: 1, resourceVersion: "1" },
  spec: { replicas, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image }], ...podSpec } } },
  status: { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas },
});

export const replicaSet = (ns: string, name: string, owner: string) => ({
  kind: "ReplicaSet",
  metadata: { name, namespace: ns, uid: `rs-${name}`, ownerReferences: [{ kind: "Deployment", name: owner, uid: "x" }] },
});

export const pod = (ns: string, name: string, rs: string, restarts: number, waiting?: string) => ({
  kind: "Pod",
  metadata: {
    name,
    namespace: ns,
    uid: `pod-${name}`,
    creationTimestamp: new Date().toISOString(),
    ownerReferences: [{ kind: "ReplicaSet", name: rs, uid: "y" }],
  },
  spec: { nodeName: "node-1", containers: [{ name: "app", image: "busybox" }] },
  status: {
    phase: "Running",
    containerStatuses: [
      {
        name: "app",
        ready: !waiting,
        restartCount: restarts,
        state: waiting ? { waiting: { reason: waiting } } : { running: {} },
        lastState: restarts ? { terminated: { reason: "Error", exitCode: 1, message: "boom" } } : {},
      },
    ],
  },
});

/** The pod with its one container's status replaced, as the kubelet reports it around a crash. */
export const withStatus = (p: ReturnType<typeof pod>, status: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  ...p,
  metadata: { ...p.metadata, ...metadata },
  status: { ...p.status, containerStatuses: [{ ...p.status.containerStatuses[0], ready: false, ...status }] },
});

export const asKube = (o: object) => o as unknown as KubeObject;
