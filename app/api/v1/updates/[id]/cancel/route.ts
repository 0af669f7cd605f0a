import { handler } from "@/lib/api/handler";
import { cancelUpdate } from "@/lib/executions/cancel";

// Authorized inside: Execute on the Update's resource, which the route can't name from its params.
export const POST = handler<{ id: string }>({ permission: "list", target: () => ({ kind: "collection", type: "update" }) }, async ({ actor, params }) =>
  cancelUpdate(actor, params.id),
);
