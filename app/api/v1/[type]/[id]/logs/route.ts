import { handler } from "@/lib/api/handler";
import { queryObject } from "@/lib/api/params";
import { notFound } from "@/lib/errors";
import { followLogs, tailLogs } from "@/lib/executions/logs";

type P = { type: string; id: string };
const TYPES: Record<string, "deployment" | "stack"> = { deployments: "deployment", stacks: "stack" };

function logsType(params: P): "deployment" | "stack" {
  const type = TYPES[params.type];
  if (!type) throw notFound("Logs");
  return type;
}

export const GET = handler<P>(
  { permission: "logs", target: ({ params }) => ({ kind: "resource", type: logsType(params), id: params.id }) },
  async ({ actor, params, req }) => {
    const query = queryObject(req.nextUrl);
    if (query.follow !== "true") return tailLogs(actor, logsType(params), params.id, query);
    const stream = await followLogs(actor, logsType(params), params.id, query, req.signal);
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
  },
);
