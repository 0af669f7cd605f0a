import { handler } from "@/lib/api/handler";
import { createEnrollmentToken, revokeAgent, type AgentHost } from "@/lib/agents/enrollment";
import { notFound } from "@/lib/errors";

type P = { type: string; id: string };
const HOSTS: Record<string, AgentHost> = { servers: "server", clusters: "cluster" };

function hostType(params: P): AgentHost {
  const type = HOSTS[params.type];
  if (!type) throw notFound("Agent");
  return type;
}

const policy = { permission: "write" as const, target: ({ params }: { params: P }) => ({ kind: "resource" as const, type: hostType(params), id: params.id }) };

/** Creates an enrollment token (shown once) for the server's or cluster's agent. */
export const POST = handler<P>(policy, async ({ actor, params }) => createEnrollmentToken(actor, params.id, hostType(params)));
/** Revokes the agent's credential and disconnects it. */
export const DELETE = handler<P>(policy, async ({ actor, params }) => revokeAgent(actor, params.id, hostType(params)));
