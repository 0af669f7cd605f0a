import { handler } from "@/lib/api/handler";
import { createApiKey, listApiKeys } from "@/lib/users/api-keys";

const own = { permission: "self" as const, target: ({ actor }: { actor: { id: string } }) => ({ kind: "account" as const, userId: actor.id }) };

export const GET = handler(own, async ({ actor }) => listApiKeys(actor));
export const POST = handler(own, async ({ actor, body }) => createApiKey(actor, body));
