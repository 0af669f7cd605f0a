import { NextResponse } from "next/server";
import { handler } from "@/lib/api/handler";
import { typeParam } from "@/lib/api/params";
import { executionFor } from "@/lib/executions/registry";

type P = { type: string; id: string; operation: string };

// Answers 202 with the Update's id at once; follow its progress on /api/ws/events.
export const POST = handler<P>(
  { permission: "execute", target: ({ params }) => ({ kind: "resource", type: typeParam(params), id: params.id }) },
  async ({ actor, params, body }) => {
    const execution = executionFor(typeParam(params), params.operation);
    return NextResponse.json(await execution.run(actor, params.id, body), { status: 202 });
  },
);
