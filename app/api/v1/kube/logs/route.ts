import { handler } from "@/lib/api/handler";
import { queryObject } from "@/lib/api/params";
import { followLogs, tailLogs, ZPodRef } from "@/lib/executions/logs";
import { parseInput } from "@/lib/validation";

// Pod logs: Kubernetes RBAC "logs" on the pod's namespace is checked inside tailLogs/followLogs.
export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) => {
  const { clusterId, namespace, pod, ...query } = queryObject(req.nextUrl) as Record<string, string>;
  const ref = { pod: parseInput(ZPodRef, { clusterId, namespace, pod }) };
  if (query.follow !== "true") return tailLogs(actor, ref, "", query);
  const stream = await followLogs(actor, ref, "", query, req.signal);
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
});
