import { handler } from "@/lib/api/handler";
import { typeParam } from "@/lib/api/params";
import { getResource } from "@/lib/resources/read";
import { deleteResource, updateResource } from "@/lib/resources/write";

type P = { type: string; id: string };
const target = ({ params }: { params: P }) => ({ kind: "resource" as const, type: typeParam(params), id: params.id });

export const GET = handler<P>({ permission: "read", target }, async ({ actor, params }) => getResource(actor, typeParam(params), params.id));

export const PATCH = handler<P>({ permission: "write", target }, async ({ actor, params, body }) => updateResource(actor, typeParam(params), params.id, body));

export const DELETE = handler<P>({ permission: "write", target }, async ({ actor, params }) => deleteResource(actor, typeParam(params), params.id));
