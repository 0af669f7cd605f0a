import { handler } from "@/lib/api/handler";
import { deleteGroup, getGroup, updateGroup } from "@/lib/users/groups";

type P = { id: string };
const admin = { permission: "admin" as const, target: () => ({ kind: "system" as const }) };

export const GET = handler<P>(admin, async ({ actor, params }) => getGroup(actor, params.id));
export const PATCH = handler<P>(admin, async ({ actor, params, body }) => updateGroup(actor, params.id, body));
export const DELETE = handler<P>(admin, async ({ actor, params }) => deleteGroup(actor, params.id));
