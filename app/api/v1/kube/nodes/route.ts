import { handler } from "@/lib/api/handler";
import { listNodes } from "@/lib/kube/catalog";

export const GET = handler(
  { permission: "read", target: ({ req }) => ({ kind: "resource", type: "cluster", id: req.nextUrl.searchParams.get("clusterId") ?? "" }) },
  async ({ actor, req }) => listNodes(actor, req.nextUrl.searchParams.get("clusterId")!),
);
