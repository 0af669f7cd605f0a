// UI-only pieces of the Kubernetes views. Keys and URLs live in lib/client, response types in
// lib/kube/types.ts.

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

/** Re-exported for components/live/live-events.tsx, which imports it from here. */
export { isLiveKubeViewOf } from "@/lib/client/keys";

/**
 * Cluster changes arrive on the live feed and refresh these views at once; this slow poll only
 * covers a feed that is reconnecting, or a change published on another core process.
 */
export const KUBE_FALLBACK_POLL_MS = 30_000;

export const serviceHref = (uid: string) => `/kube/services/${encodeURIComponent(uid)}`;
