import { handler } from "@/lib/api/handler";
import { queryObject } from "@/lib/api/params";
import { getObject } from "@/lib/kube/object";

// Kubernetes RBAC ("view" on the namespace) is checked inside getObject.
export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) =>
  getObject(actor, queryObject(req.nextUrl)),
);
