import { handler } from "@/lib/api/handler";
import { queryObject } from "@/lib/api/params";
import { notFound } from "@/lib/errors";
import { followLogs, tailLogs } from "@/lib/executions/logs";

type P = { type: string; id: string };

export const GET = handler<P>(
  {
    permission: "logs",
    target: ({ params }) => {
      if (params.type !== "deployments") throw notFound("Logs");
      return { kind: "resource", type: "deployment", id: params.id };
    },
  },
  async ({ actor, params, req }) => {
    const query = queryObject(req.nextUrl);
    if (query.follow !== "true") return tailLogs(actor, params.id, query);
    const stream = await followLogs(actor, params.id, query, req.signal);
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
  },
);
