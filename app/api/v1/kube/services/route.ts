import { handler } from "@/lib/api/handler";
import { listServices } from "@/lib/kube/catalog";

// Filtered per user by Kubernetes RBAC inside listServices.
export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) =>
  listServices(actor, {
    clusterId: req.nextUrl.searchParams.get("clusterId") ?? undefined,
    namespace: req.nextUrl.searchParams.get("namespace") ?? undefined,
    q: req.nextUrl.searchParams.get("q") ?? undefined,
  }),
);
