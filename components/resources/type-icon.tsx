import {
  Bell,
  Boxes,
  Container,
  Hammer,
  KeyRound,
  Layers,
  ListChecks,
  RefreshCw,
  Server,
  Ship,
  Variable,
  Warehouse,
  GitBranch,
  type LucideIcon,
} from "lucide-react";
import type { ResourceTypeKey } from "@/lib/resources/define";

export const TYPE_ICONS: Record<ResourceTypeKey, LucideIcon> = {
  server: Server,
  deployment: Container,
  stack: Layers,
  build: Hammer,
  builder: Warehouse,
  repo: GitBranch,
  procedure: ListChecks,
  sync: RefreshCw,
  alerter: Bell,
  variable: Variable,
  credential: KeyRound,
  cluster: Ship,
};

export function TypeIcon({ type, className = "size-4" }: { type: ResourceTypeKey; className?: string }) {
  const Icon = TYPE_ICONS[type] ?? Boxes;
  return <Icon className={className} aria-hidden />;
}
