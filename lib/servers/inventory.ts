// A Server's Docker inventory (containers, images, networks, volumes), asked of its agent.
import "../server-only";
import { request } from "../agents/requests";
import { AppError } from "../errors";
import { agentOfServer } from "../executions/target";
import type { AgentMessage } from "../protocol/agent";

export type Inventory = Omit<Extract<AgentMessage, { type: "inventory" }>, "type" | "requestId">;

export async function inventory(serverId: string): Promise<Inventory> {
  const { agentId } = await agentOfServer(serverId);
  let result: Inventory | undefined;
  const { done } = await request(agentId, { type: "inventory.request" }, (data) => {
    const { type: _type, requestId: _id, ...rest } = data as Extract<AgentMessage, { type: "inventory" }>;
    result = rest;
  });
  await done;
  if (!result) throw new AppError("AGENT_OFFLINE", "The agent sent no inventory");
  return result;
}
