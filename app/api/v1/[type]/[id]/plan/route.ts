import { handler } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { refreshSync } from "@/lib/sync/service";

type P = { type: string; id: string };

// Only ResourceSyncs have a plan. Computing it (a refresh) needs Read on the sync; it records
// what is pending and raises or clears the sync's pending alert.
export const POST = handler<P>(
  {
    permission: "read",
    target: ({ params }) => {
      if (params.type !== "syncs") throw notFound("Resource");
      return { kind: "resource", type: "sync", id: params.id };
    },
  },
  async ({ actor, params }) => refreshSync(actor, params.id),
);
