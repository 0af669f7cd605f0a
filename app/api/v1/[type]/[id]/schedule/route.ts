import { handler } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { procedureSchedule } from "@/lib/schedules/view";

type P = { type: string; id: string };

// Only Procedures have a schedule; Read on the procedure sees it.
export const GET = handler<P>(
  {
    permission: "read",
    target: ({ params }) => {
      if (params.type !== "procedures") throw notFound("Resource");
      return { kind: "resource", type: "procedure", id: params.id };
    },
  },
  async ({ actor, params }) => procedureSchedule(actor, params.id),
);
