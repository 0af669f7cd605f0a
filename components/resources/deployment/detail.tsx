"use client";

import { DeploymentOverview } from "../../deployments/deployment-overview";
import { ContainerLogs } from "../../executions/container-logs";
import type { DetailExtension } from "../details";
import { urls } from "@/lib/client/urls";

export const deploymentDetail: DetailExtension = {
  overview: (r) => <DeploymentOverview resource={r} />,
  tabs: [{ id: "logs", label: "Logs", render: (r) => <ContainerLogs base={urls.resources.logs("deployments", r.id)} />, needs: "Logs" }],
};
