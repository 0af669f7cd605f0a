import { GitBranch } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const repoUi: ResourceTypeUi = { icon: GitBranch, navGroup: "Docker" };
