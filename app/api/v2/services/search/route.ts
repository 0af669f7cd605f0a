import { publicApi } from "@/lib/komodor/http";
import { searchServices } from "@/lib/komodor/services";

// Filtered per caller by Kubernetes RBAC and the API key's scope inside searchServices.
export const POST = publicApi({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, body }) =>
  searchServices(actor, body),
);
