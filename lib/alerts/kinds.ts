// Every kind of alert Wheelhouse raises, and its levels. Pure (no server imports) so the Alerter
// form and the Alerts page can list them.

export const ALERT_TYPES = [
  "ServerUnreachable",
  "ServerCpu",
  "ServerMemory",
  "ServerDisk",
  "ContainerStateChange",
  "StackStateChange",
  "DeploymentFailed",
  "BuildFailed",
  "RepoFailed",
  "ProcedureFailed",
  "ScheduleRun",
  "ResourceSyncPendingUpdates",
  "AgentVersionMismatch",
  "KubeHealthMonitor",
  // Sent by a procedure's SendAlert step.
  "Custom",
] as const;

export type AlertType = (typeof ALERT_TYPES)[number];

export const ALERT_LEVELS = ["ok", "warning", "critical"] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];
