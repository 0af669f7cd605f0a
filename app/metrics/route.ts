import { handler } from "@/lib/api/handler";
import { authorizeScrape, renderMetrics } from "@/lib/ops/metrics";

// Not a permission policy: a Prometheus scraper has no user, only WHEELHOUSE_METRICS_TOKEN.
export const GET = handler(
  { public: "Prometheus scrape; authorizeScrape() admits the metrics token or an admin and refuses everyone else" },
  async ({ req, actor }) => {
    await authorizeScrape(actor, req.headers.get("authorization"));
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  },
);
