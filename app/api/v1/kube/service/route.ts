import { handler } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { parseKomodorUid } from "@/lib/kube/objects";
import { serviceDetail } from "@/lib/kube/service";

const uidOf = (params: URLSearchParams) => params.get("komodorUid") ?? "";

// "view" on the service's namespace, from its uid (KIND|CLUSTER|NAMESPACE|NAME), checked here and inside serviceDetail.
export const GET = handler(
  {
    permission: "read",
    target: ({ req }) => {
      const uid = parseKomodorUid(uidOf(req.nextUrl.searchParams));
      if (!uid) throw notFound("Service");
      return { kind: "kube", cluster: uid.cluster, namespace: uid.namespace, action: "view" };
    },
  },
  async ({ actor, req }) => serviceDetail(actor, uidOf(req.nextUrl.searchParams)),
);
