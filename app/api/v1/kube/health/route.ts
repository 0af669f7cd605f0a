import { handler } from "@/lib/api/handler";
import { queryObject } from "@/lib/api/params";
import { monitors } from "@/lib/kube/monitors";

export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) =>
  monitors(actor, queryObject(req.nextUrl, ["status", "checkType", "severity"])),
);
