// Request/response over the agent socket (inventory, logs, a kind's scope): a request id, a
// pending promise, and a timeout, so an agent that never answers yields a clear error instead of
// a hang. The agent may be connected to another core: the request goes there (relay.ts) and the
// id starts with this core's id, so the replies find their way back (forward.ts).
import { randomUUID } from "node:crypto";
import { CORE_ID } from "../cluster/nodes";
import { onClusterMessage } from "../cluster/notify";
import { AppError } from "../errors";
import type { CoreMessage } from "../protocol/agent";
import { presenceOf, sendToAgent } from "./relay";

interface Pending {
  agentId: string;
  onData: (data: unknown) => void;
  finish: (error?: string) => void;
}

const globalRequests = globalThis as unknown as { wheelhouseRequests?: Map<string, Pending> };
const pending = (globalRequests.wheelhouseRequests ??= new Map());

type RequestMessage = Extract<CoreMessage, { requestId: string }>;
type WithoutId<T> = T extends unknown ? Omit<T, "requestId"> : never;

/** Sends a request; `onData` sees each data message; resolves when the agent ends it. */
export async function request(
  agentId: string,
  message: WithoutId<RequestMessage>,
  onData: (data: unknown) => void,
  timeoutMs = 15_000,
): Promise<{ done: Promise<void>; cancel: () => void }> {
  if (!(await presenceOf(agentId))) throw new AppError("AGENT_OFFLINE", "The server's agent is not connected");
  const requestId = `${CORE_ID}.${randomUUID()}`;
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve, reject) => {
    const finish = (error?: string) => {
      clearTimeout(timer);
      pending.delete(requestId);
      if (error) reject(new AppError("AGENT_OFFLINE", error));
      else resolve();
    };
    pending.set(requestId, { agentId, onData, finish });
    if (timeoutMs > 0) timer = setTimeout(() => finish("The agent did not answer in time"), timeoutMs);
  });
  if (!(await sendToAgent(agentId, { ...message, requestId } as CoreMessage))) pending.get(requestId)?.finish("The server's agent is not connected");
  const cancel = () => {
    if (message.type === "logs.request") void sendToAgent(agentId, { type: "logs.cancel", requestId });
    pending.get(requestId)?.finish();
  };
  return { done, cancel };
}

/** The core a request id was issued by (null for an id not of this shape). */
export function requestCore(requestId: string): string | null {
  const dot = requestId.indexOf(".");
  return dot > 0 ? requestId.slice(0, dot) : null;
}

/** The agent a pending request was sent to (undefined when none is pending under that id). */
export function requestAgent(requestId: string): string | undefined {
  return pending.get(requestId)?.agentId;
}

export function onRequestData(requestId: string, data: unknown) {
  pending.get(requestId)?.onData(data);
}

export function onRequestEnd(requestId: string, error?: string) {
  pending.get(requestId)?.finish(error);
}

/** The agent's socket closed (on any core): what was asked of it will never be answered. */
export function failRequestsOf(agentId: string) {
  for (const p of pending.values()) if (p.agentId === agentId) p.finish("Agent disconnected");
}

onClusterMessage("agent.gone", "requests", (body) => failRequestsOf((body as { agentId: string }).agentId));
