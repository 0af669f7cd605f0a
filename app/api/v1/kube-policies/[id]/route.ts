import { handler } from "@/lib/api/handler";
import { deleteKubePolicy } from "@/lib/users/kube-policies";

export const DELETE = handler<{ id: string }>({ permission: "admin", target: () => ({ kind: "system" }) }, async ({ actor, params }) =>
  deleteKubePolicy(actor, params.id),
);
