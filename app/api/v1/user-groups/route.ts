import { handler } from "@/lib/api/handler";
import { createGroup, listGroups } from "@/lib/users/groups";

const admin = { permission: "admin" as const, target: () => ({ kind: "system" as const }) };

export const GET = handler(admin, async ({ actor }) => listGroups(actor));
export const POST = handler(admin, async ({ actor, body }) => createGroup(actor, body));
