import { handler } from "@/lib/api/handler";

export const GET = handler({ public: "liveness probe; reveals nothing" }, async () => ({ ok: true }));
