// What core records about an agent's connection: the Agent row, the Server's status, and
// the ServerUnreachable alert that opens when the agent goes away and resolves when it's back.
import { CORE_ID } from "../cluster/nodes";
import { db } from "../db";
import { logger } from "../logger";
import type { Capabilities } from "../protocol/agent";
import { publish } from "../realtime/bus";
import { clustersOfAgent } from "../kube/ingest";
import { mergeInfo } from "../resources/info";
import { closeAlert, openAlert } from "../alerts/alerts";
import { checkAgentVersion } from "../alerts/agent-version";

async function serversOf(agentId: string) {
  return db.server.findMany({ where: { agentId }, select: { id: true, name: true, info: true } });
}

async function setServerInfo(id: string, patch: Record<string, unknown>) {
  await mergeInfo("server", id, patch);
  publish({ type: "resource.changed", resourceType: "server", resourceId: id });
}

export async function markConnected(agentId: string, hello: { version: string; hostname: string; capabilities: Capabilities }) {
  const now = new Date();
  await db.agent.update({
    where: { id: agentId },
    data: {
      version: hello.version,
      hostname: hello.hostname,
      capabilities: hello.capabilities,
      connectedAt: now,
      lastSeenAt: now,
      coreId: CORE_ID,
      disconnectedAt: null,
    },
  });
  const targets: Parameters<typeof checkAgentVersion>[0] = [];
  for (const cluster of await clustersOfAgent(agentId)) {
    targets.push({ type: "cluster", id: cluster.id, name: cluster.name });
    await mergeInfo("cluster", cluster.id, {
      status: "ok",
      agentVersion: hello.version,
      capabilities: hello.capabilities.kubernetes,
      since: now.toISOString(),
    });
    publish({ type: "resource.changed", resourceType: "cluster", resourceId: cluster.id });
  }
  for (const server of await serversOf(agentId)) {
    await setServerInfo(server.id, {
      status: "ok",
      agentVersion: hello.version,
      hostname: hello.hostname,
      capabilities: hello.capabilities,
      since: now.toISOString(),
    });
    await closeAlert("ServerUnreachable", { type: "server", id: server.id });
    targets.push({ type: "server", id: server.id, name: server.name, previousVersion: (server.info as { agentVersion?: string } | null)?.agentVersion });
  }
  await checkAgentVersion(targets, hello.version);
}

/**
 * The agent's connection to `coreId` (this process, or one that died) is gone. Nothing changes if
 * the agent has meanwhile connected to another core: that connection is the one that counts.
 */
export async function markDisconnected(agentId: string, reason: string, coreId = CORE_ID): Promise<boolean> {
  const now = new Date();
  const { count } = await db.agent.updateMany({
    where: { id: agentId, OR: [{ coreId }, { coreId: null }] },
    data: { connectedAt: null, coreId: null, disconnectedAt: now, lastSeenAt: now },
  });
  if (count === 0) return false;
  for (const cluster of await clustersOfAgent(agentId)) {
    await mergeInfo("cluster", cluster.id, { status: "unreachable", since: now.toISOString(), reason });
    publish({ type: "resource.changed", resourceType: "cluster", resourceId: cluster.id });
  }
  for (const server of await serversOf(agentId)) {
    await setServerInfo(server.id, { status: "unreachable", since: now.toISOString(), reason });
    await openAlert({
      type: "ServerUnreachable",
      level: "critical",
      target: { type: "server", id: server.id, name: server.name },
      message: `Lost the agent of ${server.name}: ${reason}`,
    });
  }
  return true;
}

// lastSeenAt is for people (liveness is the socket's), so heartbeats are written in one statement
// a second for every agent heard from, not one each: a thousand agents are a thousand rows.
const globalSeen = globalThis as unknown as { wheelhouseSeen?: { ids: Set<string>; timer?: NodeJS.Timeout } };
const seen = (globalSeen.wheelhouseSeen ??= { ids: new Set() });

export function touch(agentId: string) {
  seen.ids.add(agentId);
  seen.timer ??= setTimeout(() => {
    seen.timer = undefined;
    const ids = [...seen.ids];
    seen.ids.clear();
    void db.$executeRaw`UPDATE "Agent" SET "lastSeenAt" = now() WHERE id = ANY(${ids})`.catch((e) => logger.warn("could not record agents' heartbeats", e));
  }, 1_000);
}

export { serversOf };
