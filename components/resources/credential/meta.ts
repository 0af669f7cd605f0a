import { KeyRound } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const credentialUi: ResourceTypeUi = { icon: KeyRound, navGroup: "Configuration" };
