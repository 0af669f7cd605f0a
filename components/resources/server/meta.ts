import { Server } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const serverUi: ResourceTypeUi = { icon: Server, navGroup: "Docker" };
