import { Variable } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const variableUi: ResourceTypeUi = { icon: Variable, navGroup: "Configuration" };
