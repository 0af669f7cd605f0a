import { handler } from "@/lib/api/handler";
import { deleteTag, updateTag } from "@/lib/tags/service";

type P = { id: string };
const target = ({ params }: { params: P }) => ({ kind: "tag" as const, id: params.id });

export const PATCH = handler<P>({ permission: "write", target }, async ({ actor, params, body }) => updateTag(actor, params.id, body));
export const DELETE = handler<P>({ permission: "write", target }, async ({ actor, params }) => deleteTag(actor, params.id));
