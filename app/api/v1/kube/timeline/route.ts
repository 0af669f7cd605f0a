import { handler } from "@/lib/api/handler";
import { queryObject } from "@/lib/api/params";
import { timeline } from "@/lib/kube/timeline";

export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) =>
  timeline(actor, queryObject(req.nextUrl, ["type", "severity"])),
);
