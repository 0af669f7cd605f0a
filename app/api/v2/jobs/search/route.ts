import { publicApi } from "@/lib/komodor/http";
import { searchJobs } from "@/lib/komodor/jobs";

// Filtered per caller by Kubernetes RBAC and the API key's scope inside searchJobs.
export const POST = publicApi({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, body }) =>
  searchJobs(actor, body),
);
