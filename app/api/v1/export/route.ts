import { handler } from "@/lib/api/handler";
import { queryObject } from "@/lib/api/params";
import { exportToml } from "@/lib/sync/export";

// Everything the caller may read (or a selection: ?types=deployment,stack&tag=prod&names=a,b) as
// sync TOML that round-trips. Secret values are never exported.
export const GET = handler({ permission: "list", target: () => ({ kind: "collection", type: "resources" }) }, async ({ actor, req }) => {
  const toml = await exportToml(actor, queryObject(req.nextUrl));
  return new Response(toml, { headers: { "content-type": "application/toml; charset=utf-8", "content-disposition": 'inline; filename="wheelhouse.toml"' } });
});
