import { handler } from "@/lib/api/handler";
import { queryObject, typeParam } from "@/lib/api/params";
import { ZCreateResourceInput, ZListResourcesQuery } from "@/lib/resources/inputs";
import { listResources } from "@/lib/resources/read";
import { createResource } from "@/lib/resources/write";
import { parseInput } from "@/lib/validation";

type P = { type: string };

export const GET = handler<P>(
  { permission: "list", target: ({ params }) => ({ kind: "collection", type: typeParam(params) }) },
  async ({ actor, params, req }) => listResources(actor, typeParam(params), parseInput(ZListResourcesQuery, queryObject(req.nextUrl, ["tag"]))),
);

export const POST = handler<P>(
  {
    permission: "create",
    // Creation is judged by the proposed name (pattern grants), so the body is validated first.
    target: ({ params, body }) => ({ kind: "new-resource", type: typeParam(params), name: parseInput(ZCreateResourceInput, body).name }),
  },
  async ({ actor, params, body }) => createResource(actor, typeParam(params), body),
);
