import { publicApi } from "@/lib/komodor/http";

// Reaching the handler means resolveActor accepted the key (a bad or expired one is a 401
// ErrorWrapper before this runs); a signed-in browser session is valid too.
export const GET = publicApi({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async () => ({ valid: true }));
