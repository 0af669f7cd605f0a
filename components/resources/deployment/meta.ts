import { Container } from "lucide-react";
import type { ResourceTypeUi } from "../registry";

export const deploymentUi: ResourceTypeUi = { icon: Container, navGroup: "Docker" };
