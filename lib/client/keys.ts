// Every TanStack Query key the UI uses, built by these factories only, so a mutation's
// invalidation and the live feed's (components/live/live-events.tsx) match the queries they
// mean by prefix (Supabase Studio's pattern).

export const resourceKeys = {
  all: ["resources"] as const,
  list: (plural: string, filters: { q?: string; tags?: string[] } = {}) => ["resources", plural, "list", filters] as const,
  lists: (plural: string) => ["resources", plural, "list"] as const,
  detail: (plural: string, id: string) => ["resources", plural, "detail", id] as const,
  /** Under the detail key, so a change to the resource (a deploy, a new config) asks again. */
  gitHead: (plural: string, id: string) => ["resources", plural, "detail", id, "git-head"] as const,
  /** A Procedure's schedule, under its detail key so saving the procedure asks again. */
  schedule: (id: string) => ["resources", "procedures", "detail", id, "schedule"] as const,
  /** An Alerter's recent deliveries, under its detail key so saving the alerter asks again. */
  deliveries: (id: string) => ["resources", "alerters", "detail", id, "deliveries"] as const,
};

/** Views of one server; under its detail key so a change to the server refreshes them. */
export const serverKeys = {
  inventory: (id: string) => [...resourceKeys.detail("servers", id), "inventory"] as const,
  stats: (id: string, range: string) => [...resourceKeys.detail("servers", id), "stats", range] as const,
  alerts: (id: string) => [...alertKeys.all, "server", id] as const,
};

/** Every alert view (list, open count, a server's open alerts), refreshed together by the live feed. */
export const alertKeys = {
  all: ["alerts"] as const,
  list: (filters: object) => ["alerts", "list", filters] as const,
  openCount: ["alerts", "open-count"] as const,
};

export const updateKeys = {
  all: ["updates"] as const,
  list: (filters: { targetType?: string; targetId?: string; outcome?: string; trigger?: string } = {}) => ["updates", "list", filters] as const,
  detail: (id: string) => ["updates", "detail", id] as const,
};

/**
 * A Sync's plan. Not under the resource's detail key: computing a plan records what is pending
 * and publishes resource.changed for the sync, so under that key each refresh would start the next.
 */
export const syncKeys = { plan: (id: string) => ["syncs", id, "plan"] as const };
/** The Export page's TOML for one selection. */
export const exportKeys = { toml: (query: object) => ["export", query] as const };

export const tagKeys = { all: ["tags"] as const };
export const searchKeys = { query: (q: string) => ["search", q] as const };
export const logKeys = { snapshot: (base: string, query: string) => ["logs", base, query] as const };

export const adminKeys = {
  users: ["admin", "users"] as const,
  groups: ["admin", "groups"] as const,
  group: (id: string) => ["admin", "groups", id] as const,
  grants: (filter: { userId?: string; userGroupId?: string }) => ["admin", "grants", filter] as const,
  kubePolicies: ["admin", "kube-policies"] as const,
  /** A subject's own Kubernetes policies. */
  ownKubePolicies: (subject: Record<string, string>) => ["admin", "kube-policies", subject] as const,
  /** Every Kubernetes policy that applies to a user, through groups too. */
  effectiveKubePolicies: (subject: Record<string, string>) => ["admin", "kube-policies", "effective", subject] as const,
};

export const accountKeys = { me: ["me"] as const, apiKeys: ["me", "api-keys"] as const };

export const kubeKeys = {
  all: ["kube"] as const,
  services: (filter: { clusterId?: string }) => ["kube", "services", filter] as const,
  pods: (uid: string) => ["kube", "pods", uid] as const,
  timeline: (filter: Record<string, unknown>) => ["kube", "timeline", filter] as const,
  /** Every monitor list, whatever its filter. */
  healthAll: ["kube", "health"] as const,
  health: (filter: Record<string, unknown>) => ["kube", "health", filter] as const,
  nodes: (clusterId: string) => ["kube", "nodes", clusterId] as const,
  jobs: (clusterId: string) => ["kube", "jobs", clusterId] as const,
  access: (clusterId: string) => ["kube", "access", clusterId] as const,
  /** The YAML editor's object: not a live view, so a watched change never rewrites it under the editor. */
  object: (ref: string) => ["kube", "object", ref] as const,
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
