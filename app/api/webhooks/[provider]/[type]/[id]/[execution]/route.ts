import { NextResponse } from "next/server";
import { handler } from "@/lib/api/handler";
import { receiveWebhook } from "@/lib/webhooks/receive";

type P = { provider: string; type: string; id: string; execution: string };

export const POST = handler<P>(
  {
    public: "git providers can't sign in: each delivery proves itself with the resource's webhook secret (lib/webhooks/receive.ts)",
    // The signature covers the raw bytes, so the body is read here, bounded like every body.
    rawBody: true,
  },
  async ({ req, params }) => {
    const outcome = await receiveWebhook({ ...params, headers: req.headers, body: Buffer.from(await req.arrayBuffer()) });
    return NextResponse.json(outcome.body, { status: outcome.status });
  },
);
