import { handler } from "@/lib/api/handler";
import { queryObject } from "@/lib/api/params";
import { listAlerts } from "@/lib/alerts/list";

export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) =>
  listAlerts(actor, queryObject(req.nextUrl)),
);
