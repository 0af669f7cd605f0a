import { publicApi } from "@/lib/komodor/http";
import { listRisks } from "@/lib/komodor/risks";

// Filtered per caller by Kubernetes RBAC and the API key's scope inside listRisks.
export const GET = publicApi({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) =>
  listRisks(actor, req.nextUrl.searchParams),
);
