import { handler } from "@/lib/api/handler";
import { createKubePolicy, effectiveKubePolicies, listKubePolicies } from "@/lib/users/kube-policies";

const admin = { permission: "admin" as const, target: () => ({ kind: "system" as const }) };

/** ?effectiveFor=USER lists a user's policies including their groups'. */
export const GET = handler(admin, async ({ actor, req }) => {
  const p = req.nextUrl.searchParams;
  const effectiveFor = p.get("effectiveFor");
  if (effectiveFor) return effectiveKubePolicies(actor, effectiveFor);
  return listKubePolicies(actor, { userId: p.get("userId") ?? undefined, userGroupId: p.get("userGroupId") ?? undefined });
});
export const POST = handler(admin, async ({ actor, body }) => createKubePolicy(actor, body));
