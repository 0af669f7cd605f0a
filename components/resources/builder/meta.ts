import { Warehouse } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const builderUi: ResourceTypeUi = { icon: Warehouse, navGroup: "Configuration" };
