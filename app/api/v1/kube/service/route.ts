import { handler } from "@/lib/api/handler";
import { serviceDetail } from "@/lib/kube/service";

export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) => serviceDetail(actor, req.nextUrl.searchParams.get("komodorUid") ?? ""));
