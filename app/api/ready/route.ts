import { NextResponse } from "next/server";
import { handler } from "@/lib/api/handler";
import { readiness } from "@/lib/ops/ready";

export const GET = handler({ public: "readiness probe; names missing migrations, never credentials" }, async () => {
  const verdict = await readiness();
  return NextResponse.json(verdict, { status: verdict.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
});
