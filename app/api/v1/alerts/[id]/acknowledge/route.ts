import { handler } from "@/lib/api/handler";
import { acknowledgeAlert } from "@/lib/alerts/acknowledge";

type P = { id: string };

// The alert's target decides who may acknowledge it: acknowledgeAlert authorizes against it (404 unseen, 403 not allowed).
export const POST = handler<P>({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, params }) =>
  acknowledgeAlert(actor, params.id),
);
