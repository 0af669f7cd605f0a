import { handler } from "@/lib/api/handler";
import { getUser } from "@/lib/users/users";

export const GET = handler({ permission: "self", target: ({ actor }) => ({ kind: "account", userId: actor.id }) }, async ({ actor }) =>
  getUser(actor, actor.id),
);
