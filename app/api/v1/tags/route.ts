import { handler } from "@/lib/api/handler";
import { createTag, listTags } from "@/lib/tags/service";

export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "tag" }) }, async ({ actor }) => listTags(actor));
export const POST = handler({ permission: "create", target: () => ({ kind: "collection", type: "tag" }) }, async ({ actor, body }) => createTag(actor, body));
