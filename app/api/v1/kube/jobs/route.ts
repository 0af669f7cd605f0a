import { handler } from "@/lib/api/handler";
import { listJobs } from "@/lib/kube/catalog";

export const GET = handler(
  { permission: "read", target: ({ req }) => ({ kind: "resource", type: "cluster", id: req.nextUrl.searchParams.get("clusterId") ?? "" }) },
  async ({ actor, req }) => listJobs(actor, req.nextUrl.searchParams.get("clusterId")!),
);
