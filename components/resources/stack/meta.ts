import { Layers } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const stackUi: ResourceTypeUi = { icon: Layers, navGroup: "Docker" };
