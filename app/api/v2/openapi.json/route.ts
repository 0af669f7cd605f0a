import { handler } from "@/lib/api/handler";
import { komodorOpenApiDocument } from "@/lib/komodor/openapi";

export const GET = handler({ public: "API documentation" }, async () => komodorOpenApiDocument());
