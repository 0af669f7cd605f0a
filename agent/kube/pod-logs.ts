// Pod logs through the API's log subresource: tail, follow, the previous (crashed) container
// instance, a chosen container. Streamed as lines; a partial last line is held until it ends.
import { ref, type Cluster } from "./cluster";
import { getPod, pickContainer } from "./pod-shell";

export interface PodLogSource {
  namespace: string;
  pod: string;
  container?: string;
  previous?: boolean;
}

export interface LogStream {
  /** Resolves when the server ends the stream (at once without follow; when the container stops with it). */
  done: Promise<void>;
  cancel: () => void;
}

export async function podLogs(
  c: Cluster,
  source: PodLogSource,
  options: { tail: number; follow: boolean },
  onLines: (lines: string[]) => void,
): Promise<LogStream> {
  const pod = await getPod(c, source.namespace, source.pod);
  const container = pickContainer(pod, source.container);
  const path = `${await c.discovery.path("v1", "Pod", source.namespace, source.pod)}/log`;
  let partial = "";
  const query = { container, tailLines: options.tail, follow: options.follow || undefined, previous: source.previous || undefined };
  let stream;
  try {
    stream = await c.client.stream(path, { query }, (text) => {
      const parts = (partial + text).split("\n");
      partial = parts.pop() ?? "";
      if (parts.length) onLines(parts.map((l) => l.replace(/\r$/, "")));
    });
  } catch (e) {
    throw new Error(`logs of ${ref(source.namespace, source.pod)}/${container}${source.previous ? " (previous instance)" : ""}: ${(e as Error).message}`);
  }
  const done = stream.done.then(() => {
    if (partial) onLines([partial]);
    partial = "";
  });
  return { done, cancel: stream.abort };
}
