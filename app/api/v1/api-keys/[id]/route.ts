import { handler } from "@/lib/api/handler";
import { deleteApiKey } from "@/lib/users/api-keys";

// Ownership of the key is checked by deleteApiKey (a key that isn't yours is a 404).
export const DELETE = handler<{ id: string }>(
  { permission: "self", target: ({ actor }) => ({ kind: "account", userId: actor.id }) },
  async ({ actor, params }) => deleteApiKey(actor, params.id),
);
