import { handler } from "@/lib/api/handler";
import { createUser, listUsers } from "@/lib/users/users";

const admin = { permission: "admin" as const, target: () => ({ kind: "system" as const }) };

export const GET = handler(admin, async ({ actor }) => listUsers(actor));
export const POST = handler(admin, async ({ actor, body }) => createUser(actor, body));
