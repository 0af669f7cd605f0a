// The executions each resource type offers, as the UI shows them. Pure data (safe in client
// code); lib/executions/registry.ts maps each to the function that runs it.
import type { ResourceTypeKey } from "../resources/define";

export interface OperationInfo {
  operation: string;
  label: string;
  /** Asks for confirmation first. */
  destructive?: boolean;
}

export const OPERATIONS: Partial<Record<ResourceTypeKey, OperationInfo[]>> = {
  deployment: [
    { operation: "deploy", label: "Deploy" },
    { operation: "restart", label: "Restart" },
    { operation: "stop", label: "Stop" },
    { operation: "start", label: "Start" },
    { operation: "pause", label: "Pause" },
    { operation: "unpause", label: "Unpause" },
    { operation: "rollback", label: "Roll back" },
    { operation: "destroy", label: "Destroy", destructive: true },
  ],
  stack: [
    { operation: "deploy", label: "Deploy" },
    { operation: "pull", label: "Pull" },
    { operation: "restart", label: "Restart" },
    { operation: "stop", label: "Stop" },
    { operation: "start", label: "Start" },
    { operation: "pause", label: "Pause" },
    { operation: "unpause", label: "Unpause" },
    { operation: "destroy", label: "Destroy", destructive: true },
  ],
  server: [
    { operation: "prune-containers", label: "Prune containers", destructive: true },
    { operation: "prune-images", label: "Prune images", destructive: true },
    { operation: "prune-networks", label: "Prune networks", destructive: true },
    { operation: "prune-volumes", label: "Prune volumes", destructive: true },
    { operation: "prune-system", label: "Prune system", destructive: true },
  ],
};
