import { handler } from "@/lib/api/handler";
import { searchResources } from "@/lib/search";

export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) =>
  searchResources(actor, (req.nextUrl.searchParams.get("q") ?? "").slice(0, 200)),
);
