"use client";

import { DeploymentOverview } from "../../deployments/deployment-overview";
import { ContainerLogs } from "../../executions/container-logs";
import type { DetailExtension } from "../details";

export const deploymentDetail: DetailExtension = {
  overview: (r) => <DeploymentOverview resource={r} />,
  tabs: [{ id: "logs", label: "Logs", render: (r) => <ContainerLogs base={`/api/v1/deployments/${r.id}/logs`} />, needs: "Logs" }],
};
