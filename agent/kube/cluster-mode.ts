// Cluster mode in one place, for main.ts: the capabilities the agent announces, the watches
// (started when core welcomes the agent, stopped when the socket drops — every connection
// begins with a fresh list per kind), the command executor, pod shells and pod logs.
import type { AgentMessage } from "../../lib/protocol/agent";
import type { KubeCapabilities } from "../../lib/protocol/kube";
import type { KubeOptions } from "../cli";
import type { PodShellFactory } from "../terminal/manager";
import { kubeExecutor } from "./actions";
import { connectCluster, kubeCapabilities, type KubeFlags } from "./cluster";
import { podLogs, type LogStream, type PodLogSource } from "./pod-logs";
import { podShell } from "./pod-shell";
import { watchCluster } from "./watch";

export interface ClusterMode {
  capabilities(): Promise<KubeCapabilities>;
  startWatching(send: (message: AgentMessage) => void): void;
  stopWatching(): void;
  execute: ReturnType<typeof kubeExecutor>;
  shell: PodShellFactory;
  logs(source: PodLogSource, options: { tail: number; follow: boolean }, onLines: (lines: string[]) => void): Promise<LogStream>;
  /** Whether the cluster serves a kind namespaced (true), cluster-wide (false) or not at all (null). */
  scope(apiVersion: string, kind: string): Promise<boolean | null>;
}

export function clusterMode(options: KubeOptions, log: (line: string) => void): ClusterMode {
  const cluster = connectCluster(options.kubeconfig);
  const flags: KubeFlags = { basic: options.basic, advanced: options.advanced, podExec: options.podExec };
  let stop: (() => void) | undefined;
  return {
    async capabilities() {
      try {
        return await kubeCapabilities(cluster, flags);
      } catch (e) {
        // Still announce cluster mode and its flags: core shows the cluster as unreachable rather than as a Docker host.
        log(`kubernetes: the API server did not answer: ${(e as Error).message}`);
        return { ...flags, serverVersion: "unknown (API server unreachable)", cronJobApiVersion: null };
      }
    },
    startWatching(send) {
      stop?.();
      stop = watchCluster(cluster.client, cluster.discovery, send, { log: (line) => log(`kubernetes watch: ${line}`) }).stop;
    },
    stopWatching() {
      stop?.();
      stop = undefined;
    },
    execute: kubeExecutor(cluster, flags),
    shell: async (target, cols, rows) => {
      if (!flags.podExec)
        throw new Error("pod shells are turned off on this agent: its operator can enable them with --pod-exec (values: actions.podExec: true)");
      return podShell(cluster, target, cols, rows);
    },
    logs: (source, opts, onLines) => podLogs(cluster, source, opts, onLines),
    scope: async (apiVersion, kind) => (await cluster.discovery.resource(apiVersion, kind))?.namespaced ?? null,
  };
}
