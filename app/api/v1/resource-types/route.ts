import { handler } from "@/lib/api/handler";
import { resourceTypeSchemas } from "@/lib/api/openapi";

// The config JSON Schema of every type, which the UI renders its config editors from.
export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async () => resourceTypeSchemas());
