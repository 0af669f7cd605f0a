// The agent's connection to one cluster: credentials from a kubeconfig file, or the pod's
// service account when the agent runs inside the cluster it manages.
import { KubeConfig } from "@kubernetes/client-node";
import type { KubeCapabilities } from "../../lib/protocol/kube";
import { agentEnv } from "../env";
import { Discovery } from "./discovery";
import { kubeClient, type KubeClient } from "./rest";

export interface Cluster {
  kc: KubeConfig;
  client: KubeClient;
  discovery: Discovery;
}

/** Which actions this agent's operator enabled (all off unless opted in). */
export interface KubeFlags {
  basic: boolean;
  advanced: boolean;
  podExec: boolean;
}

export function connectCluster(kubeconfig?: string): Cluster {
  const kc = new KubeConfig();
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else if (agentEnv.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  else throw new Error("Cluster mode needs --kubeconfig PATH, or the agent must run inside a cluster (KUBERNETES_SERVICE_HOST unset)");
  return clusterFromConfig(kc);
}

/** A Cluster on credentials already loaded (tests use one that impersonates the agent's service account). */
export function clusterFromConfig(kc: KubeConfig): Cluster {
  const client = kubeClient(kc);
  return { kc, client, discovery: new Discovery(client) };
}

/** What `hello.capabilities.kubernetes` says: asked of the cluster, so it fails when the cluster can't be reached. */
export async function kubeCapabilities(cluster: Cluster, flags: KubeFlags): Promise<KubeCapabilities> {
  const [serverVersion, cronJobApiVersion] = await Promise.all([cluster.discovery.serverVersion(), cluster.discovery.cronJobApiVersion()]);
  return { ...flags, serverVersion, cronJobApiVersion };
}

/** A short random suffix for generated names (Jobs created by rerun/trigger), like kubectl's. */
export function nameSuffix(): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  return Array.from({ length: 5 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
}

/** `<base>-<infix>-<suffix>` within the 63 characters a name used as a label value may have. */
export function generatedName(base: string, infix: string): string {
  const tail = `-${infix}-${nameSuffix()}`;
  return base.slice(0, 63 - tail.length).replace(/[-.]+$/, "") + tail;
}

export const ref = (namespace: string | undefined, name: string) => (namespace ? `${namespace}/${name}` : name);
