import { handler } from "@/lib/api/handler";
import { servicePods } from "@/lib/kube/service";

export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) => servicePods(actor, req.nextUrl.searchParams.get("komodorUid") ?? ""));
