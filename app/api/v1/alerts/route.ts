import { handler } from "@/lib/api/handler";
import { listAlerts } from "@/lib/alerts/list";

export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) =>
  listAlerts(actor, { open: req.nextUrl.searchParams.get("open") === "true", targetId: req.nextUrl.searchParams.get("targetId") ?? undefined }),
);
