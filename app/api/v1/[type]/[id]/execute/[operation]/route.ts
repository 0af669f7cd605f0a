import { NextResponse } from "next/server";
import { handler } from "@/lib/api/handler";
import { typeParam } from "@/lib/api/params";
import { executionFor } from "@/lib/resources/executions";

type P = { type: string; id: string; operation: string };

// Authorized with the permission the type declares for the operation (lib/resources/<type>/schema.ts).
// Answers 202 with the Update's id at once; follow its progress on /api/ws/events.
export const POST = handler<P>(
  {
    permission: ({ params }) => executionFor(typeParam(params), params.operation).permission,
    target: ({ params }) => ({ kind: "resource", type: typeParam(params), id: params.id }),
  },
  async ({ actor, params, body }) => NextResponse.json(await executionFor(typeParam(params), params.operation).run(actor, params.id, body), { status: 202 }),
);
