import { handler } from "@/lib/api/handler";
import { deleteGrant } from "@/lib/users/grants";

export const DELETE = handler<{ id: string }>({ permission: "admin", target: () => ({ kind: "system" }) }, async ({ actor, params }) =>
  deleteGrant(actor, params.id),
);
