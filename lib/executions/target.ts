// Finding the agent behind a resource's server, with errors a user can act on.
import { db } from "../db";
import { AppError } from "../errors";
import { connectionOf } from "../agents/hub";

export async function agentOfServer(serverId: string): Promise<{ agentId: string; serverName: string }> {
  if (!serverId) throw new AppError("CONFLICT", "Choose a server in the configuration first");
  const server = await db.server.findUnique({ where: { id: serverId }, select: { name: true, agentId: true, config: true } });
  if (!server) throw new AppError("CONFLICT", "The configured server no longer exists");
  if (!(server.config as { enabled?: boolean }).enabled) throw new AppError("CONFLICT", `Server ${server.name} is disabled`);
  if (!server.agentId || !connectionOf(server.agentId)) throw new AppError("AGENT_OFFLINE", `The agent of server ${server.name} is not connected`);
  return { agentId: server.agentId, serverName: server.name };
}
