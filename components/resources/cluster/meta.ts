import { Ship } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const clusterUi: ResourceTypeUi = { icon: Ship, navGroup: "Kubernetes" };
