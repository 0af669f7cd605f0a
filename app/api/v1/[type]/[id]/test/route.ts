import { NextResponse } from "next/server";
import { handler } from "@/lib/api/handler";
import { sendTestAlert } from "@/lib/alerts/test-alert";
import { notFound } from "@/lib/errors";

type P = { type: string; id: string };

// "Send test alert" by its own name (the execution bar runs the same through execute/test).
// Only Alerters have it; Execute on the alerter. Answers once the endpoint has answered: 200, or
// 502 with the endpoint's reason.
export const POST = handler<P>(
  {
    permission: "execute",
    target: ({ params }) => {
      if (params.type !== "alerters") throw notFound("Resource");
      return { kind: "resource", type: "alerter", id: params.id };
    },
  },
  // 200, not the 201 a POST gets by default: nothing is created.
  async ({ actor, params }) => NextResponse.json(await sendTestAlert(actor, params.id), { status: 200 }),
);
