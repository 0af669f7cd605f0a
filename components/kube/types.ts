import type { AutoscalerView, ServiceSummary, PodView } from "@/lib/kube/catalog";

export type { AutoscalerView, ServiceSummary, PodView };

export interface TimelineEventView {
  id: string;
  clusterId: string;
  komodorUid: string | null;
  namespace: string;
  objectKind: string;
  objectName: string;
  type: string;
  severity: "info" | "warning" | "error";
  summary: string;
  details: Record<string, unknown>;
  at: string;
}

export interface MonitorView {
  id: string;
  clusterId: string;
  checkType: string;
  komodorUid: string;
  severity: "high" | "medium" | "low";
  status: string;
  supportingData: Record<string, unknown>;
  createdAt: string;
  lastEvaluatedAt: string;
}

export const kubeKeys = {
  services: (filter: { clusterId?: string }) => ["kube", "services", filter] as const,
  pods: (uid: string) => ["kube", "pods", uid] as const,
  timeline: (filter: Record<string, unknown>) => ["kube", "timeline", filter] as const,
  health: (filter: Record<string, unknown>) => ["kube", "health", filter] as const,
  nodes: (clusterId: string) => ["kube", "nodes", clusterId] as const,
  jobs: (clusterId: string) => ["kube", "jobs", clusterId] as const,
  access: (clusterId: string) => ["kube", "access", clusterId] as const,
};

/**
 * The views a watched change in a cluster can alter. Not `access` (policies, not cluster state)
 * and not the YAML editor's object, which must not change under someone editing it.
 */
export const LIVE_KUBE_VIEWS: readonly (keyof typeof kubeKeys)[] = ["services", "pods", "timeline", "health", "nodes", "jobs"];

/** Whether a query key is one of those views (the key's second part names it, as kubeKeys builds them). */
export const isLiveKubeView = (queryKey: readonly unknown[]) => queryKey[0] === "kube" && (LIVE_KUBE_VIEWS as readonly unknown[]).includes(queryKey[1]);

/**
 * The cluster a view's key is about, when it carries one (nodes and jobs by id; services,
 * timeline and health when filtered to a cluster); undefined for a view across clusters or
 * keyed by something else (a service's pods, by komodorUid).
 */
function clusterOfView(queryKey: readonly unknown[]): string | undefined {
  const part = queryKey[2];
  if (queryKey[1] === "nodes" || queryKey[1] === "jobs") return typeof part === "string" ? part : undefined;
  if (part && typeof part === "object" && "clusterId" in part && typeof part.clusterId === "string" && part.clusterId) return part.clusterId;
  return undefined;
}

/** Whether a change in `clusterId` (a kube.changed event) may alter the view with this key. */
export const isLiveKubeViewOf = (queryKey: readonly unknown[], clusterId: string) => {
  if (!isLiveKubeView(queryKey)) return false;
  const cluster = clusterOfView(queryKey);
  return cluster === undefined || cluster === clusterId;
};

/**
 * Cluster changes arrive on the live feed and refresh these views at once; this slow poll only
 * covers a feed that is reconnecting, or a change published on another core process.
 */
export const KUBE_FALLBACK_POLL_MS = 30_000;

export const serviceHref = (uid: string) => `/kube/services/${encodeURIComponent(uid)}`;
