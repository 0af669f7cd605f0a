import { handler } from "@/lib/api/handler";
import { createEnrollmentToken, revokeAgent } from "@/lib/agents/enrollment";
import { notFound } from "@/lib/errors";

type P = { type: string; id: string };
const policy = {
  permission: "write" as const,
  target: ({ params }: { params: P }) => {
    if (params.type !== "servers") throw notFound("Agent");
    return { kind: "resource" as const, type: "server" as const, id: params.id };
  },
};

/** Creates an enrollment token (shown once) for the server's agent. */
export const POST = handler<P>(policy, async ({ actor, params }) => createEnrollmentToken(actor, params.id));
/** Revokes the agent's credential and disconnects it. */
export const DELETE = handler<P>(policy, async ({ actor, params }) => revokeAgent(actor, params.id));
