import { handler } from "@/lib/api/handler";
import { deleteUser, getUser, updateUser } from "@/lib/users/users";

type P = { id: string };
const admin = { permission: "admin" as const, target: () => ({ kind: "system" as const }) };

export const GET = handler<P>({ permission: "self", target: ({ params }) => ({ kind: "account", userId: params.id }) }, async ({ actor, params }) =>
  getUser(actor, params.id),
);
export const PATCH = handler<P>(admin, async ({ actor, params, body }) => updateUser(actor, params.id, body));
export const DELETE = handler<P>(admin, async ({ actor, params }) => deleteUser(actor, params.id));
