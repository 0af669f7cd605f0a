import { handler } from "@/lib/api/handler";
import { setMonitorStatus } from "@/lib/kube/monitors";

// The "edit" permission on the monitor's namespace is checked inside setMonitorStatus.
export const PATCH = handler<{ id: string }>(
  { permission: "list", target: () => ({ kind: "collection", type: "resources" }) },
  async ({ actor, params, body }) => setMonitorStatus(actor, params.id, body),
);
