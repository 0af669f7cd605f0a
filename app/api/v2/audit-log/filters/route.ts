import { publicApi } from "@/lib/komodor/http";
import { auditLogFilters } from "@/lib/komodor/audit";

// Values drawn only from the Updates the caller may see, inside auditLogFilters.
export const GET = publicApi({ permission: "list", target: () => ({ kind: "collection", type: "update" }) }, async ({ actor, req }) =>
  auditLogFilters(actor, req.nextUrl.searchParams),
);
