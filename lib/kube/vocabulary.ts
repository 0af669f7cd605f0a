// Kubernetes words the UI shows in menus and filters. Plain constants, no zod, so the pages
// that list them don't carry the schemas in types.ts.
export const MONITOR_STATUSES = ["open", "confirmed", "resolved", "dismissed", "ignored", "manually_resolved"] as const;
export const MONITOR_SEVERITIES = ["high", "medium", "low"] as const;
export const TIMELINE_SEVERITIES = ["info", "warning", "error"] as const;
/** Every type of timeline event: derived from watched objects, or recorded by actions, shells and monitors. */
export const TIMELINE_EVENT_TYPES = [
  "deploy",
  "rollout",
  "replicas",
  "restart",
  "crash-loop",
  "image-pull",
  "scheduling",
  "pod-phase",
  "warning",
  "config-change",
  "node",
  "action",
  "shell",
  "monitor",
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];
