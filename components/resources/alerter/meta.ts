import { Bell } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const alerterUi: ResourceTypeUi = { icon: Bell, navGroup: "Configuration" };
