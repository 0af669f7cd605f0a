import { Ship } from "lucide-react";
import { ServiceTable } from "@/components/kube/service-table";
import { PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";

export const metadata = { title: "Services" };

export default async function ServicesPage() {
  await requireActor();
  return (
    <div>
      <PageHeader
        icon={<Ship className="size-5" />}
        title="Services"
        description="Deployments, StatefulSets and DaemonSets across your clusters, kept current from watches."
      />
      <ServiceTable />
    </div>
  );
}
