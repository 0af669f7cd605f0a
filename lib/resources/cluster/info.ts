// What a Cluster's `info` holds: its agent's status and what it may do. Pure types.
import type { KubeCapabilities } from "../../protocol/kube";

export interface ClusterInfo {
  status?: "ok" | "unreachable";
  agentVersion?: string;
  capabilities?: KubeCapabilities | null;
  since?: string;
  reason?: string;
}
