import { Hammer } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const buildUi: ResourceTypeUi = { icon: Hammer, navGroup: "Docker" };
