import { Badge } from "../ui/badge";

export function UpdateStatusBadge({ status, success }: { status: string; success: boolean | null }) {
  if (status !== "Complete") return <Badge tone="sky">{status === "InProgress" ? "In progress" : status}</Badge>;
  return success ? <Badge tone="green">Success</Badge> : <Badge tone="red">Failed</Badge>;
}
