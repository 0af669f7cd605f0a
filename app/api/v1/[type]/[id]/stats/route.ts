import { z } from "zod";
import { handler } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { stats, STATS_RANGES } from "@/lib/executions/server";
import { parseInput } from "@/lib/validation";

type P = { type: string; id: string };
const ZQuery = z.object({ range: z.enum(Object.keys(STATS_RANGES) as [keyof typeof STATS_RANGES]).default("1h") });

export const GET = handler<P>(
  {
    permission: "read",
    target: ({ params }) => {
      if (params.type !== "servers") throw notFound("Stats");
      return { kind: "resource", type: "server", id: params.id };
    },
  },
  async ({ params, req }) => stats(params.id, parseInput(ZQuery, { range: req.nextUrl.searchParams.get("range") ?? undefined }).range),
);
