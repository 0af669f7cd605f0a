import type { NextRequest } from "next/server";
import { handler } from "@/lib/api/handler";
import { queryObject } from "@/lib/api/params";
import { followLogs, tailLogs, ZPodRef } from "@/lib/executions/logs";
import { namespacedTarget } from "@/lib/kube/scope";
import { parseInput } from "@/lib/validation";

const podOf = (req: NextRequest) => {
  const { clusterId, namespace, pod } = queryObject(req.nextUrl) as Record<string, string>;
  return parseInput(ZPodRef, { clusterId, namespace, pod });
};

// Pod logs: Kubernetes RBAC "logs" on the pod's namespace (a pod's namespace is part of its
// identity), checked here and again inside tailLogs/followLogs.
export const GET = handler(
  {
    permission: "read",
    target: ({ req }) => {
      const pod = podOf(req);
      return namespacedTarget(pod.clusterId, pod.namespace, "logs");
    },
  },
  async ({ actor, req }) => {
    const { clusterId: _c, namespace: _n, pod: _p, ...query } = queryObject(req.nextUrl) as Record<string, string>;
    const ref = { pod: podOf(req) };
    if (query.follow !== "true") return tailLogs(actor, ref, "", query);
    const stream = await followLogs(actor, ref, "", query, req.signal);
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
  },
);
