import { NextResponse } from "next/server";
import { handler } from "@/lib/api/handler";
import { runKubeAction } from "@/lib/kube/actions";

// Kubernetes RBAC and the agent's capability flags are checked inside runKubeAction.
export const POST = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, body }) =>
  NextResponse.json(await runKubeAction(actor, body), { status: 202 }),
);
