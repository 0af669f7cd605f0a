import { ListChecks } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const procedureUi: ResourceTypeUi = { icon: ListChecks, navGroup: "Docker" };
