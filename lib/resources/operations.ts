// Each resource type's executions, in the order the UI shows them. Pure on purpose, like
// names.ts: the execution bar on a resource's page needs only these, not the config schemas
// (and zod) that lib/resources/registry.ts brings. Each type's schema.ts declares
// `operations: TYPE_OPERATIONS.<type>`, so they are declared once.
import { CONTAINER_LIFECYCLE, type OperationInfo, type ResourceTypeKey } from "./define";

export const TYPE_OPERATIONS = {
  server: [
    // Komodo's StartAllContainers, StopAllContainers, RestartAllContainers.
    { operation: "start-all-containers", label: "Start all", permission: "execute" },
    {
      operation: "stop-all-containers",
      label: "Stop all",
      permission: "execute",
      destructive: true,
      confirm: "Stops every running container on this server (never the Wheelhouse agent's own container).",
    },
    {
      operation: "restart-all-containers",
      label: "Restart all",
      permission: "execute",
      destructive: true,
      confirm: "Restarts every running container on this server (never the Wheelhouse agent's own container).",
    },
    ...(["containers", "images", "networks", "volumes", "system"] as const).map((what) => ({
      operation: `prune-${what}`,
      label: `Prune ${what}`,
      permission: "execute" as const,
      destructive: true,
    })),
    ...(["image", "volume", "network"] as const).map((what) => ({
      operation: `delete-${what}`,
      label: `Delete ${what}`,
      permission: "execute" as const,
      destructive: true,
      perItem: true,
    })),
  ],
  deployment: [
    { operation: "deploy", label: "Deploy", permission: "execute" },
    ...CONTAINER_LIFECYCLE,
    { operation: "rollback", label: "Roll back", permission: "execute" },
    { operation: "destroy", label: "Destroy", permission: "execute", destructive: true },
  ],
  stack: [
    { operation: "deploy", label: "Deploy", permission: "execute" },
    { operation: "deploy-if-changed", label: "Deploy if changed", permission: "execute" },
    { operation: "pull", label: "Pull", permission: "execute" },
    ...CONTAINER_LIFECYCLE,
    { operation: "destroy", label: "Destroy", permission: "execute", destructive: true },
  ],
  build: [{ operation: "run", label: "Build", permission: "execute" }],
  procedure: [{ operation: "run", label: "Run", permission: "execute" }],
  // Applies the plan the user reviewed (its hash in the body); lib/sync/service.ts.
  sync: [
    {
      operation: "execute",
      label: "Execute",
      permission: "execute",
      confirm: "Applies the reviewed plan: creates, updates and deletes what it lists, then deploys.",
    },
  ],
  repo: [
    { operation: "clone", label: "Clone", permission: "execute" },
    { operation: "pull", label: "Pull", permission: "execute" },
  ],
  // Sends a made-up alert through the Alerter at once and answers how it went (lib/alerts/test-alert.ts).
  alerter: [{ operation: "test", label: "Send test alert", permission: "execute" }],
} satisfies Partial<Record<ResourceTypeKey, OperationInfo[]>>;

/** A type's executions; none for types that have no `executions.ts`. */
export function operationsOf(type: ResourceTypeKey): readonly OperationInfo[] {
  return (TYPE_OPERATIONS as Partial<Record<ResourceTypeKey, OperationInfo[]>>)[type] ?? [];
}
