import { handler } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/api/openapi";

export const GET = handler({ public: "API documentation" }, async () => openApiDocument());
