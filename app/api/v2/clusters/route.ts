import { publicApi } from "@/lib/komodor/http";
import { listClusters } from "@/lib/komodor/clusters";

// Only clusters the caller may view a namespace of (Kubernetes RBAC and API key scope), inside listClusters.
export const GET = publicApi({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) =>
  listClusters(actor, req.nextUrl.searchParams),
);
