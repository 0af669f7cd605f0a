import { publicApi } from "@/lib/komodor/http";
import { auditLogCsv, listAuditLogs } from "@/lib/komodor/audit";

// Only the Updates the caller may see (lib/updates/list.ts visibility), inside listAuditLogs/auditLogCsv.
export const GET = publicApi({ permission: "list", target: () => ({ kind: "collection", type: "update" }) }, async ({ actor, req }) =>
  (req.headers.get("accept") ?? "").toLowerCase().includes("text/csv")
    ? auditLogCsv(actor, req.nextUrl.searchParams)
    : listAuditLogs(actor, req.nextUrl.searchParams),
);
