import { handler } from "@/lib/api/handler";
import { openAlertCount } from "@/lib/alerts/list";

export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor }) => openAlertCount(actor));
