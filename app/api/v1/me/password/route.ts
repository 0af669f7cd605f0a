import { handler } from "@/lib/api/handler";
import { changeOwnPassword } from "@/lib/users/users";

export const POST = handler({ permission: "self", target: ({ actor }) => ({ kind: "account", userId: actor.id }) }, async ({ actor, body }) => {
  await changeOwnPassword(actor, body);
  return { ok: true, message: "Password changed. Sign in again." };
});
