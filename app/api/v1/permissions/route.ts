import { handler } from "@/lib/api/handler";
import { createGrant, listGrants } from "@/lib/users/grants";

const admin = { permission: "admin" as const, target: () => ({ kind: "system" as const }) };

export const GET = handler(admin, async ({ actor, req }) =>
  listGrants(actor, { userId: req.nextUrl.searchParams.get("userId") ?? undefined, userGroupId: req.nextUrl.searchParams.get("userGroupId") ?? undefined }),
);
export const POST = handler(admin, async ({ actor, body }) => createGrant(actor, body));
