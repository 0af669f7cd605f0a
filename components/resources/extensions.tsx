"use client";

// Type-specific panels on the generic resource page: an Overview (state and executions)
// and extra tabs. Types without an entry get the plain configuration page.
import type { ReactNode } from "react";
import type { ResourceTypeKey } from "@/lib/resources/define";
import type { ResourceView } from "@/lib/resources/view";
import { ContainerLogs } from "../executions/container-logs";
import { DeploymentOverview } from "../deployments/deployment-overview";
import { ServerInventory } from "../servers/server-inventory";
import { ServerOverview } from "../servers/server-overview";
import { ClusterJobs, ClusterNodes, ClusterOverview } from "../kube/cluster-views";
import { Monitors } from "../kube/monitors";
import { ServiceTable } from "../kube/service-table";
import { Timeline } from "../kube/timeline";
import { StackOverview } from "../stacks/stack-overview";
import { OpenTerminalButton } from "../terminal/open-terminal-button";

export interface DetailTab {
  id: string;
  label: string;
  render: (resource: ResourceView) => ReactNode;
  /** Hidden unless the user has this specific permission. */
  needs?: "Logs" | "Terminal";
}

export interface DetailExtension {
  overview?: (resource: ResourceView) => ReactNode;
  headerActions?: (resource: ResourceView) => ReactNode;
  tabs?: DetailTab[];
}

export const EXTENSIONS: Partial<Record<ResourceTypeKey, DetailExtension>> = {
  server: {
    overview: (r) => <ServerOverview resource={r} />,
    headerActions: (r) => (r.access.specific.includes("Terminal") ? <OpenTerminalButton targetType="server" targetId={r.id} label="Host shell" /> : null),
    tabs: [{ id: "inventory", label: "Docker", render: (r) => <ServerInventory resource={r} /> }],
  },
  deployment: {
    overview: (r) => <DeploymentOverview resource={r} />,
    tabs: [{ id: "logs", label: "Logs", render: (r) => <ContainerLogs base={`/api/v1/deployments/${r.id}/logs`} />, needs: "Logs" }],
  },
  cluster: {
    overview: (r) => <ClusterOverview resource={r} />,
    tabs: [
      { id: "services", label: "Services", render: (r) => <ServiceTable clusterId={r.id} /> },
      { id: "jobs", label: "Jobs", render: (r) => <ClusterJobs resource={r} /> },
      { id: "nodes", label: "Nodes", render: (r) => <ClusterNodes resource={r} /> },
      { id: "timeline", label: "Timeline", render: (r) => <Timeline clusterId={r.id} /> },
      { id: "health", label: "Health", render: (r) => <Monitors clusterId={r.id} /> },
    ],
  },
  stack: {
    overview: (r) => <StackOverview resource={r} />,
    tabs: [
      {
        id: "logs",
        label: "Logs",
        needs: "Logs",
        render: (r) => <ContainerLogs base={`/api/v1/stacks/${r.id}/logs`} services={Object.keys((r.info as { services?: Record<string, string> }).services ?? {}).sort()} />,
      },
    ],
  },
};
