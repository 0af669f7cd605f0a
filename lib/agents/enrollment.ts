// Connecting a Server to an agent: an enrollment token (shown once, stored hashed, single
// use, expiring after WHEELHOUSE_ENROLLMENT_TOKEN_TTL_SECONDS) that the agent trades for its
// own long-lived credential on first connect.
import "../server-only";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { randomToken, sha256 } from "../secrets/crypto";
import { recordChange } from "../updates/record";
import { disconnectAgent } from "./hub";

export type AgentHost = "server" | "cluster";

async function hostAgentId(type: AgentHost, id: string): Promise<string | null> {
  const row =
    type === "server"
      ? await db.server.findUniqueOrThrow({ where: { id }, select: { agentId: true } })
      : await db.cluster.findUniqueOrThrow({ where: { id }, select: { agentId: true } });
  return row.agentId;
}

/** A one-time token for the agent of a Server (docker mode) or a Cluster (cluster mode). */
export async function createEnrollmentToken(
  actor: Actor,
  hostId: string,
  type: AgentHost = "server",
): Promise<{ token: string; agentId: string; expiresAt: Date }> {
  const { resource } = await authorize(actor, "write", { kind: "resource", type, id: hostId });
  const token = randomToken("whe", 24);
  const expiresAt = new Date(Date.now() + env.WHEELHOUSE_ENROLLMENT_TOKEN_TTL_SECONDS * 1000);
  const existing = await hostAgentId(type, hostId);
  const agentId = await db.$transaction(async (tx) => {
    const data = { tokenHash: sha256(token), tokenExpiresAt: expiresAt, revokedAt: null };
    const link = type === "server" ? { servers: { connect: { id: hostId } } } : { clusters: { connect: { id: hostId } } };
    const agent = existing
      ? await tx.agent.update({ where: { id: existing }, data })
      : await tx.agent.create({ data: { ...data, name: `${type}-${hostId}`, mode: type === "server" ? "docker" : "kubernetes", ...link } });
    await recordChange(tx, actor, {
      operation: "CreateEnrollmentToken",
      targetType: type,
      target: resource,
      log: ["Created an agent enrollment token (shown once)"],
    });
    return agent.id;
  });
  return { token, agentId, expiresAt };
}

/** Revokes the agent's credential and any unused token, and disconnects it now. */
export async function revokeAgent(actor: Actor, hostId: string, type: AgentHost = "server"): Promise<void> {
  const { resource } = await authorize(actor, "write", { kind: "resource", type, id: hostId });
  const agentId = await hostAgentId(type, hostId);
  if (!agentId) throw new AppError("CONFLICT", `This ${type} has no agent to revoke`);
  await db.$transaction(async (tx) => {
    await tx.agent.update({ where: { id: agentId }, data: { revokedAt: new Date(), credentialHash: null, tokenHash: null, tokenExpiresAt: null } });
    await recordChange(tx, actor, {
      operation: "RevokeAgent",
      targetType: type,
      target: resource,
      log: ["Revoked the agent's credential; it was disconnected"],
    });
  });
  disconnectAgent(agentId, "Agent credential revoked");
}

/**
 * Authenticates an agent's bearer secret: a credential (normal) or an enrollment token
 * (first connect), which is consumed and exchanged for a new credential.
 */
export async function authenticateAgent(secret: string): Promise<{ agentId: string; credential?: string }> {
  const hash = sha256(secret);
  const byCredential = await db.agent.findUnique({ where: { credentialHash: hash } });
  if (byCredential && !byCredential.revokedAt) return { agentId: byCredential.id };
  const byToken = await db.agent.findUnique({ where: { tokenHash: hash } });
  if (!byToken || byToken.revokedAt) throw new AppError("UNAUTHENTICATED", "Unknown or revoked agent token");
  // A token without an expiry predates expiring tokens: treated as expired, like any stale one.
  if (!byToken.tokenExpiresAt || byToken.tokenExpiresAt <= new Date()) {
    throw new AppError("UNAUTHENTICATED", "This enrollment token has expired; create a new one on the server's page");
  }
  const credential = randomToken("wha", 32);
  // Conditional on the token still being there, so two racing enrollments yield one credential.
  const { count } = await db.agent.updateMany({
    where: { id: byToken.id, tokenHash: hash },
    data: { tokenHash: null, tokenExpiresAt: null, credentialHash: sha256(credential) },
  });
  if (count === 0) throw new AppError("UNAUTHENTICATED", "Unknown or revoked agent token");
  return { agentId: byToken.id, credential };
}
