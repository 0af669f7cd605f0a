import { RESOURCE_UI } from "./registry";
import type { ResourceTypeKey } from "@/lib/resources/define";

export function TypeIcon({ type, className = "size-4" }: { type: ResourceTypeKey; className?: string }) {
  const Icon = RESOURCE_UI[type].icon;
  return <Icon className={className} aria-hidden />;
}
