import { handler } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { stats, ZStatsQuery } from "@/lib/servers/stats";
import { parseInput } from "@/lib/validation";

type P = { type: string; id: string };

export const GET = handler<P>(
  {
    permission: "read",
    target: ({ params }) => {
      if (params.type !== "servers") throw notFound("Stats");
      return { kind: "resource", type: "server", id: params.id };
    },
  },
  async ({ params, req }) => stats(params.id, parseInput(ZStatsQuery, { range: req.nextUrl.searchParams.get("range") ?? undefined }).range),
);
