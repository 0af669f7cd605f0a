import { handler } from "@/lib/api/handler";
import { alerterDeliveries } from "@/lib/alerts/deliveries-view";
import { notFound } from "@/lib/errors";

type P = { type: string; id: string };

// Only Alerters deliver; Read on the alerter sees its recent deliveries.
export const GET = handler<P>(
  {
    permission: "read",
    target: ({ params }) => {
      if (params.type !== "alerters") throw notFound("Resource");
      return { kind: "resource", type: "alerter", id: params.id };
    },
  },
  async ({ actor, params }) => alerterDeliveries(actor, params.id),
);
