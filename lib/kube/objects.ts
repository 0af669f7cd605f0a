// Reading Kubernetes objects as the agent forwards them (plain JSON, typed loosely on purpose:
// core only needs a few fields and must not break on fields it doesn't know).

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects are open-ended JSON */
export type K = Record<string, any>;

export const SERVICE_KINDS = ["Deployment", "StatefulSet", "DaemonSet"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const isServiceKind = (kind: string): kind is ServiceKind => (SERVICE_KINDS as readonly string[]).includes(kind);

/** Komodor's service id: KIND|CLUSTER|NAMESPACE|NAME. */
export function komodorUid(kind: string, cluster: string, namespace: string, name: string): string {
  return `${kind}|${cluster}|${namespace}|${name}`;
}

export function parseKomodorUid(uid: string): { kind: string; cluster: string; namespace: string; name: string } | null {
  const [kind, cluster, namespace, name, ...extra] = uid.split("|");
  if (kind === undefined || cluster === undefined || namespace === undefined || name === undefined || extra.length) return null;
  return { kind, cluster, namespace, name };
}

export const meta = (o: K) =>
  o.metadata as {
    name: string;
    namespace?: string;
    uid: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid: string }[];
    creationTimestamp?: string;
    generation?: number;
  };

export function ownerOf(o: K, kind?: string): { kind: string; name: string } | undefined {
  return meta(o).ownerReferences?.find((r) => !kind || r.kind === kind);
}

export function images(template: K | undefined): string[] {
  return (template?.spec?.containers ?? []).map((c: K) => c.image as string);
}

export function condition(o: K, type: string): K | undefined {
  return (o.status?.conditions ?? []).find((c: K) => c.type === type);
}

/** Desired, ready and available counts of a service, whatever its kind. */
export function replicaCounts(kind: ServiceKind, o: K): { desired: number; ready: number; available: number; updated: number } {
  const s = o.status ?? {};
  if (kind === "DaemonSet")
    return { desired: s.desiredNumberScheduled ?? 0, ready: s.numberReady ?? 0, available: s.numberAvailable ?? 0, updated: s.updatedNumberScheduled ?? 0 };
  return {
    desired: o.spec?.replicas ?? 1,
    ready: s.readyReplicas ?? 0,
    available: s.availableReplicas ?? s.readyReplicas ?? 0,
    updated: s.updatedReplicas ?? s.currentReplicas ?? 0,
  };
}

/** True while a rollout is still converging (new pods coming up or old ones going). */
export function rollingOut(kind: ServiceKind, o: K): boolean {
  const c = replicaCounts(kind, o);
  if ((o.status?.observedGeneration ?? 0) < (meta(o).generation ?? 0)) return true;
  return c.updated < c.desired || (o.status?.replicas ?? c.desired) > c.desired;
}
