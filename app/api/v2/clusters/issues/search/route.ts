import { publicApi } from "@/lib/komodor/http";
import { searchClusterIssues } from "@/lib/komodor/issues";

// Filtered per namespace by Kubernetes RBAC and the API key's scope inside searchClusterIssues.
export const POST = publicApi({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, body }) =>
  searchClusterIssues(actor, body),
);
