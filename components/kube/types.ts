// UI-only pieces of the Kubernetes views. Keys and URLs live in lib/client, the vocabulary and
// response types in lib/kube/types.ts.

/**
 * Cluster changes arrive on the live feed and refresh these views at once; this slow poll only
 * covers a feed that is reconnecting, or a change published on another core process.
 */
export const KUBE_FALLBACK_POLL_MS = 30_000;

export const serviceHref = (uid: string) => `/kube/services/${encodeURIComponent(uid)}`;
