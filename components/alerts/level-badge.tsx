import { AlertOctagon, AlertTriangle, CheckCircle2 } from "lucide-react";
import { Badge } from "../ui/badge";

/** An alert's level, coloured and with an icon (so it reads without colour too). */
export function LevelBadge({ level }: { level: string }) {
  if (level === "critical")
    return (
      <Badge tone="red">
        <AlertOctagon className="size-3" aria-hidden /> Critical
      </Badge>
    );
  if (level === "warning")
    return (
      <Badge tone="amber">
        <AlertTriangle className="size-3" aria-hidden /> Warning
      </Badge>
    );
  return (
    <Badge tone="green">
      <CheckCircle2 className="size-3" aria-hidden /> OK
    </Badge>
  );
}
