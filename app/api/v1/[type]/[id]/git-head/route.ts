import { handler } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { GIT_TYPES, remoteHead } from "@/lib/executions/git-head";

type P = { type: string; id: string };

// Execute on the resource is checked inside (asking the remote uses its credential).
export const GET = handler<P>(
  {
    permission: "read",
    target: ({ params }) => {
      const type = GIT_TYPES[params.type as keyof typeof GIT_TYPES];
      if (!type) throw notFound("Resource");
      return { kind: "resource", type, id: params.id };
    },
  },
  async ({ actor, params }) => remoteHead(actor, params.type, params.id),
);
