import { handler } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { inventory } from "@/lib/servers/inventory";

type P = { type: string; id: string };

export const GET = handler<P>(
  {
    permission: "read",
    target: ({ params }) => {
      if (params.type !== "servers") throw notFound("Inventory");
      return { kind: "resource", type: "server", id: params.id };
    },
  },
  async ({ params }) => inventory(params.id),
);
