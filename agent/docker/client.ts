// One dockerode client per agent process: dockerode keeps an HTTP agent per client, so sharing
// it avoids a socket per call.
import Docker from "dockerode";
import { agentEnv } from "@/agent/env";

const DEFAULT_SOCKET = "/var/run/docker.sock";

/** Maps DOCKER_HOST (what the docker CLI reads, so the agent and `docker compose` agree) to dockerode options. */
export function dockerOptions(dockerHost: string | undefined): Docker.DockerOptions {
  if (!dockerHost) return { socketPath: DEFAULT_SOCKET };
  const url = new URL(dockerHost);
  if (url.protocol === "unix:") return { socketPath: url.pathname };
  return { host: url.hostname, port: Number(url.port || 2375), protocol: "http" };
}

let client: Docker | undefined;

export function docker(): Docker {
  client ??= new Docker(dockerOptions(agentEnv.DOCKER_HOST));
  return client;
}

/** Where the daemon is, for error messages that tell the operator what to check. */
export const dockerEndpoint = (): string => agentEnv.DOCKER_HOST ?? `unix://${DEFAULT_SOCKET}`;
