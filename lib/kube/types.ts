// Kubernetes vocabulary, query schemas and response shapes shared by lib/kube and the UI.
// Pure: zod and type-only imports, so client components import it directly.
import { z } from "zod";
import type { WireOf } from "../wire";
import type { monitors } from "./monitors";
import type { ServiceKind } from "./objects";
import type { serviceDetail } from "./service";
import type { timeline } from "./timeline";
import { MONITOR_SEVERITIES, MONITOR_STATUSES, TIMELINE_SEVERITIES } from "./vocabulary";

export const ZMonitorQuery = z
  .object({
    id: z.string().optional(),
    clusterId: z.string().optional(),
    komodorUid: z.string().optional(),
    status: z.array(z.enum(MONITOR_STATUSES)).optional(),
    checkType: z.array(z.string()).optional(),
    severity: z.array(z.enum(MONITOR_SEVERITIES)).optional(),
  })
  .strict();

export const ZMonitorUpdate = z.object({ status: z.enum(MONITOR_STATUSES) }).strict();

export const ZTimelineQuery = z
  .object({
    clusterId: z.string().optional(),
    komodorUid: z.string().optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    type: z.array(z.string()).optional(),
    severity: z.array(z.enum(TIMELINE_SEVERITIES)).optional(),
    q: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(300),
  })
  .strict();

export interface ServiceSummary {
  komodorUid: string;
  kind: ServiceKind;
  cluster: string;
  clusterId: string;
  namespace: string;
  name: string;
  status: "healthy" | "unhealthy";
  reason: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  images: string[];
  replicas: { desired: number; ready: number };
  lastDeploy: { startTime: string; endTime: string | null; status: "success" | "failure" | "in progress" } | null;
  openIssues: number;
}

export interface PodView {
  name: string;
  phase: string;
  restarts: number;
  node: string | null;
  containers: { name: string; image: string; ready: boolean; restarts: number; state: string }[];
}

export interface AutoscalerView {
  name: string;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number | null;
  desiredReplicas: number | null;
  lastScaleTime: string | null;
}

// The rows' severity and JSON columns are plain strings and JSON in the database; what is
// written to them is this vocabulary and an object.
export type TimelineEventView = Omit<WireOf<typeof timeline>[number], "severity" | "details"> & {
  severity: (typeof TIMELINE_SEVERITIES)[number];
  details: Record<string, unknown>;
};
export type MonitorView = Omit<WireOf<typeof monitors>[number], "severity" | "supportingData"> & {
  severity: (typeof MONITOR_SEVERITIES)[number];
  supportingData: Record<string, unknown>;
};

export interface KubeNodeView {
  name: string;
  ready: boolean;
  schedulable: boolean;
  conditions: { type: string; status: string; reason: string | null }[];
  /** The node actions the actor may take. */
  allowed: ("cordon" | "drain")[];
}

export interface KubeJobView {
  kind: string;
  namespace: string;
  name: string;
  status: "suspended" | "scheduled" | "complete" | "failed" | "running";
  schedule: string | null;
  owner: string | null;
  startTime: string | null;
  completionTime: string | null;
  canRun: boolean;
}
/** A service with its pods, autoscaler and what the actor may do to it. */
export type ServiceDetail = WireOf<typeof serviceDetail>;
