import { handler } from "@/lib/api/handler";
import { queryObject } from "@/lib/api/params";
import { listUpdates } from "@/lib/updates/list";

export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "update" }) }, async ({ actor, req }) =>
  listUpdates(actor, queryObject(req.nextUrl)),
);
