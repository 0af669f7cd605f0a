import { handler } from "@/lib/api/handler";
import { getUpdate } from "@/lib/updates/list";

export const GET = handler<{ id: string }>({ permission: "list", target: () => ({ kind: "collection", type: "update" }) }, async ({ actor, params }) =>
  getUpdate(actor, params.id),
);
