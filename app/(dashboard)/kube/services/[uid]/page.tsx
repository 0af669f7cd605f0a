import { ServiceDetail } from "@/components/kube/service-detail";
import { load } from "@/lib/pages/load";
import { serviceDetail } from "@/lib/kube/service";

export default async function ServicePage({ params }: { params: Promise<{ uid: string }> }) {
  const uid = decodeURIComponent((await params).uid);
  await load((actor) => serviceDetail(actor, uid)); // 404 unless the user may view it
  return <ServiceDetail uid={uid} />;
}
