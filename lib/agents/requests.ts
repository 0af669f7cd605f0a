// Request/response over the agent socket (inventory, logs): a request id, a pending promise,
// and a timeout, so an agent that never answers yields a clear error instead of a hang.
import { randomUUID } from "node:crypto";
import { AppError } from "../errors";
import type { CoreMessage } from "../protocol/agent";
import { connectionOf } from "./hub";

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
export function request(
  agentId: string,
  message: WithoutId<RequestMessage>,
  onData: (data: unknown) => void,
  timeoutMs = 15_000,
): { done: Promise<void>; cancel: () => void } {
  const conn = connectionOf(agentId);
  if (!conn) throw new AppError("AGENT_OFFLINE", "The server's agent is not connected");
  const requestId = randomUUID();
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
  conn.send({ ...message, requestId } as CoreMessage);
  const cancel = () => {
    if (message.type === "logs.request") conn.send({ type: "logs.cancel", requestId });
    pending.get(requestId)?.finish();
  };
  return { done, cancel };
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

export function failRequestsOf(agentId: string) {
  for (const p of pending.values()) if (p.agentId === agentId) p.finish("Agent disconnected");
}
