// Container state changes as they happen, from the Engine's event stream. The stream ends when
// dockerd restarts (or the socket hiccups), so it is reopened with `since` set to the last event
// seen: events that happened in between are replayed, and those already delivered are skipped.
import type Docker from "dockerode";
import { docker } from "./client";
import { daemonMessage } from "./errors";
import { lineSplitter } from "./lines";

export interface ContainerEvent {
  /** Without the leading slash. */
  container: string;
  id: string;
  state: string;
  action: string;
  labels: Record<string, string>;
}

interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
}

/** The state an action leaves a container in; actions not listed (exec_*, attach, top…) are not state changes. */
const STATE_AFTER: Record<string, string> = {
  create: "created",
  start: "running",
  restart: "running",
  unpause: "running",
  pause: "paused",
  die: "exited",
  stop: "exited",
  destroy: "removed",
};
/** State-related actions whose resulting state isn't implied: asked of the engine. */
const INSPECT_AFTER = new Set(["kill", "oom", "rename", "health_status"]);
/** Attributes the engine adds next to the container's labels. */
const NOT_LABELS = new Set(["name", "image", "exitCode", "signal", "execDuration", "oldName", "container"]);

async function toEvent(client: Docker, e: EngineEvent): Promise<ContainerEvent | null> {
  const action = e.Action ?? "";
  const [verb = ""] = action.split(":");
  const id = e.Actor?.ID ?? "";
  if (e.Type !== "container" || !id || (!(verb in STATE_AFTER) && !INSPECT_AFTER.has(verb))) return null;
  const attributes = e.Actor?.Attributes ?? {};
  let state = STATE_AFTER[verb];
  if (!state)
    state = await client
      .getContainer(id)
      .inspect()
      .then(
        (i) => i.State.Status,
        () => "unknown",
      );
  const labels = Object.fromEntries(Object.entries(attributes).filter(([k]) => !NOT_LABELS.has(k)));
  return { container: (attributes.name ?? id.slice(0, 12)).replace(/^\//, ""), id, state, action, labels };
}

/** Calls `onEvent` for every container state change until the returned function is called. */
export function watchContainerEvents(
  onEvent: (event: ContainerEvent) => void,
  onError: (message: string) => void = () => {},
  client: Docker = docker(),
): () => void {
  let stopped = false;
  let lastNano = 0;
  let retryMs = 1000;
  let timer: NodeJS.Timeout | undefined;
  let current: (NodeJS.ReadableStream & { destroy(): void }) | undefined;
  // Events are delivered in order even though some need an inspect first.
  let queue: Promise<void> = Promise.resolve();

  const reconnect = (why: string) => {
    current = undefined;
    if (stopped) return;
    onError(`Docker event stream ${why}; reconnecting in ${retryMs / 1000}s`);
    timer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  };

  const handle = (line: string) => {
    if (!line.trim()) return;
    let raw: EngineEvent;
    try {
      raw = JSON.parse(line) as EngineEvent;
    } catch {
      return;
    }
    if (raw.timeNano && raw.timeNano <= lastNano) return; // replayed after a reconnect
    if (raw.timeNano) lastNano = raw.timeNano;
    queue = queue.then(async () => {
      const event = await toEvent(client, raw);
      if (event && !stopped) onEvent(event);
    });
  };

  async function connect() {
    if (stopped) return;
    try {
      const since = lastNano ? Math.floor(lastNano / 1e9) : undefined;
      const stream = (await client.getEvents({ since, filters: { type: ["container"] } })) as NodeJS.ReadableStream & { destroy(): void };
      if (stopped) return stream.destroy();
      current = stream;
      retryMs = 1000;
      const splitter = lineSplitter(handle);
      stream.on("data", (chunk: Buffer) => splitter.push(chunk));
      stream.on("error", (err: Error) => current === stream && reconnect(`failed (${daemonMessage(err)})`));
      stream.on("end", () => current === stream && reconnect("ended"));
      stream.on("close", () => current === stream && reconnect("closed"));
    } catch (err) {
      reconnect(`could not be opened (${daemonMessage(err)})`);
    }
  }

  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    current?.destroy();
    current = undefined;
  };
}
