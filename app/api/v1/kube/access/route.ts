import { handler } from "@/lib/api/handler";
import { actionsInCluster } from "@/lib/kube/catalog";

// Which Kubernetes actions the cluster page may offer; each action is authorized again when run.
export const GET = handler(
  { permission: "read", target: ({ req }) => ({ kind: "resource", type: "cluster", id: req.nextUrl.searchParams.get("clusterId") ?? "" }) },
  async ({ actor, req }) => ({
    actions: await actionsInCluster(actor, req.nextUrl.searchParams.get("clusterId")!),
  }),
);
