import { RefreshCw } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const syncUi: ResourceTypeUi = { icon: RefreshCw, navGroup: "Docker" };
