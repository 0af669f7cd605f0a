// The Server behind an execution: who may run things on it, how far into its host they may
// reach, and which agent runs it, with errors a user can act on.
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError, type FieldErrors } from "../errors";
import { requirePresence } from "../agents/relay";
import { describeReach, NO_HOST_ACCESS, type HostAccess, type HostReach } from "../protocol/host-reach";
import type { Capabilities } from "../protocol/agent";
import { serverConfig } from "../resources/server/schema";

export interface ServerGrant {
  serverName: string;
  hostAccess: HostAccess;
}

/**
 * A Server is a boundary: running anything on it (deploying, starting, stopping what is placed
 * there) needs Execute on the Server itself, not only on the Deployment or Stack. Host access is
 * the Server's setting AND the Terminal permission on it, since reaching the host is a host shell.
 * Returns null for a resource with no server yet (the execution then fails saying so).
 */
export async function executeOnServer(actor: Actor, serverId: string): Promise<ServerGrant | null> {
  if (!serverId) return null;
  const server = await db.server.findUnique({ where: { id: serverId }, select: { name: true, config: true } });
  if (!server) return null;
  const { access } = await authorize(actor, "execute", { kind: "resource", type: "server", id: serverId }).catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") throw new AppError("FORBIDDEN", "This runs on a server you have no Execute permission on");
    if (e instanceof AppError && e.code === "FORBIDDEN") throw new AppError("FORBIDDEN", `This needs Execute permission on server ${server.name}`);
    throw e;
  });
  const config = serverConfig.safeParse(server.config);
  const settings = config.success ? config.data : { hostAccess: false, allowedHostPaths: [] };
  return {
    serverName: server.name,
    hostAccess: { allowed: settings.hostAccess && access.specific.has("Terminal"), hostPaths: settings.allowedHostPaths },
  };
}

/** Refuses (403, every offending option as a field error) what reaches the host without host access. */
export function refuseHostReach<R extends HostReach>(found: R[], grant: ServerGrant | null, fieldOf: (r: R) => string): HostAccess {
  const access = grant?.hostAccess ?? NO_HOST_ACCESS;
  if (access.allowed || found.length === 0) return access;
  const fields: FieldErrors = {};
  for (const r of found) (fields[fieldOf(r)] ??= []).push(`${r.where}: ${r.option} ${r.detail}`);
  throw new AppError("FORBIDDEN", describeReach(found, grant?.serverName ?? "(none)"), fields);
}

export async function agentOfServer(serverId: string): Promise<{ agentId: string; serverName: string; capabilities: Capabilities | null }> {
  if (!serverId) throw new AppError("CONFLICT", "Choose a server in the configuration first");
  const server = await db.server.findUnique({ where: { id: serverId }, select: { name: true, agentId: true, config: true } });
  if (!server) throw new AppError("CONFLICT", "The configured server no longer exists");
  if (!(server.config as { enabled?: boolean }).enabled) throw new AppError("CONFLICT", `Server ${server.name} is disabled`);
  const { agentId, capabilities } = await requirePresence(server.agentId, `server ${server.name}`);
  return { agentId, serverName: server.name, capabilities };
}
