import { publicApi } from "@/lib/komodor/http";
import { getRisk, updateRiskStatus } from "@/lib/komodor/risks";

// View (GET) and edit (PUT) on the risk's namespace are checked inside getRisk and updateRiskStatus.
const policy = { permission: "list" as const, target: () => ({ kind: "collection" as const, type: "resources" as const }) };

export const GET = publicApi<{ id: string }>(policy, async ({ actor, params }) => getRisk(actor, params.id));
export const PUT = publicApi<{ id: string }>(policy, async ({ actor, params, body }) => updateRiskStatus(actor, params.id, body));
