import { Container } from "lucide-react";
import type { DeploymentInfo } from "@/lib/resources/deployment/info";
import type { ResourceTypeUi } from "../registry";
import { ServerName } from "../server-name";
import { ContainerStateBadge } from "../state-badges";

export const deploymentUi: ResourceTypeUi = {
  icon: Container,
  navGroup: "Docker",
  columns: [
    { label: "State", cell: (r) => <ContainerStateBadge state={(r.info as DeploymentInfo).state} /> },
    { label: "Server", cell: (r) => <ServerName id={(r.config as { serverId?: string }).serverId} /> },
  ],
};
