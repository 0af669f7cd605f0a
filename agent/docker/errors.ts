// dockerode errors read "(HTTP code 409) unexpected - Conflict. The container name …": the daemon's
// own message is the useful part, and the status code is what callers branch on.
import { dockerEndpoint } from "./client";

interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  message?: string;
  code?: string;
}

export function statusCode(err: unknown): number | undefined {
  return (err as DockerodeError | null)?.statusCode;
}

/** The daemon's message without dockerode's HTTP prefix; a hint when the daemon is unreachable. */
export function daemonMessage(err: unknown): string {
  const e = (err ?? {}) as DockerodeError;
  if (e.code === "ENOENT" || e.code === "ECONNREFUSED" || e.code === "EACCES") {
    return `Cannot reach the Docker daemon at ${dockerEndpoint()} (${e.code}): is dockerd running and is DOCKER_HOST right?`;
  }
  const fromJson = e.json?.message;
  if (fromJson) return fromJson.trim();
  const message = e.message ?? String(err);
  return message.replace(/^\(HTTP code \d+\)\s+[^-]*-\s*/, "").trim();
}

/** "Bind for 0.0.0.0:8080 failed: port is already allocated" / "listen tcp4 0.0.0.0:8080: bind: address already in use". */
export function portConflict(message: string): string | null {
  const allocated = /Bind for (?:\[?[\d.:a-f]*\]?):(\d+) failed: port is already allocated/i.exec(message);
  const inUse = /listen (?:tcp|udp)\d? [^\s]*:(\d+): bind: address already in use/i.exec(message);
  const port = allocated?.[1] ?? inUse?.[1];
  return port ? `Port ${port} is already in use on the host` : null;
}
