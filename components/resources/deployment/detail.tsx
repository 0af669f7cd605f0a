"use client";

import dynamic from "next/dynamic";
import { DeploymentOverview } from "../../deployments/deployment-overview";
import { Spinner } from "../../ui/states";
import type { DetailExtension } from "../details";
import { urls } from "@/lib/client/urls";

// The Logs tab, not the first paint: its code loads when it is opened.
const ContainerLogs = dynamic(() => import("../../executions/container-logs").then((m) => m.ContainerLogs), { loading: () => <Spinner /> });

export const deploymentDetail: DetailExtension = {
  overview: (r) => <DeploymentOverview resource={r} />,
  tabs: [{ id: "logs", label: "Logs", render: (r) => <ContainerLogs base={urls.resources.logs("deployments", r.id)} />, needs: "Logs" }],
};
