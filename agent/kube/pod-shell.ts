// A shell in a pod's container through the Kubernetes exec API (a WebSocket with a TTY),
// shaped as a terminal `Shell` so the TerminalManager's scrollback and idle timeout apply
// unchanged. `bash` when the image has it, else `sh`, decided inside the container.
import { PassThrough } from "node:stream";
import { Exec, type V1Status } from "@kubernetes/client-node";
import { SHELL_FALLBACK, type Shell } from "../terminal/shells";
import { ref, type Cluster } from "./cluster";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw API JSON

const DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

/** The container asked for, else the pod's declared default, else its first — as kubectl picks. */
export function pickContainer(pod: Json, wanted?: string): string {
  const names: string[] = (pod.spec?.containers ?? []).map((c: Json) => c.name);
  const where = ref(pod.metadata?.namespace, pod.metadata?.name);
  if (wanted) {
    const all = [...names, ...(pod.spec?.initContainers ?? []).map((c: Json) => c.name), ...(pod.spec?.ephemeralContainers ?? []).map((c: Json) => c.name)];
    if (!all.includes(wanted)) throw new Error(`pod ${where} has no container "${wanted}"; its containers: ${names.join(", ")}`);
    return wanted;
  }
  const preferred = pod.metadata?.annotations?.[DEFAULT_CONTAINER];
  if (preferred && names.includes(preferred)) return preferred;
  if (!names[0]) throw new Error(`pod ${where} has no containers`);
  return names[0];
}

export async function getPod(c: Cluster, namespace: string, name: string): Promise<Json> {
  return c.client.request<Json>("GET", await c.discovery.path("v1", "Pod", namespace, name));
}

/** The exit code in the exec API's final status (Success, or NonZeroExitCode with an ExitCode cause). */
export function exitCodeOf(status: V1Status): number | null {
  if (status.status === "Success") return 0;
  const cause = status.details?.causes?.find((c) => c.reason === "ExitCode");
  return cause?.message !== undefined ? Number(cause.message) : null;
}

export async function podShell(c: Cluster, target: { namespace: string; pod: string; container?: string }, cols: number, rows: number): Promise<Shell> {
  const pod = await getPod(c, target.namespace, target.pod);
  const phase = pod.status?.phase;
  if (phase !== "Running") throw new Error(`pod ${ref(target.namespace, target.pod)} is ${phase ?? "not running"}: a shell needs a running container`);
  const container = pickContainer(pod, target.container);
  // The client sends the terminal size from a stdout stream that has rows/columns and emits "resize".
  const stdout = Object.assign(new PassThrough(), { rows, columns: cols });
  const stdin = new PassThrough();
  let code: number | null = null;
  const exitListeners: ((code: number | null) => void)[] = [];
  const socket = await new Exec(c.kc).exec(target.namespace, target.pod, container, SHELL_FALLBACK, stdout, null, stdin, true, (status) => {
    code = exitCodeOf(status);
  });
  socket.on("close", () => {
    for (const l of exitListeners) l(code);
  });
  return {
    write: (data) => void stdin.write(data),
    resize: (c2, r2) => {
      stdout.columns = c2;
      stdout.rows = r2;
      stdout.emit("resize");
    },
    kill: () => socket.close(),
    onData: (listener) => void stdout.on("data", (chunk: Buffer) => listener(chunk)),
    onExit: (listener) => void exitListeners.push(listener),
  };
}
