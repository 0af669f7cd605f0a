import { HeartPulse } from "lucide-react";
import { Monitors } from "@/components/kube/monitors";
import { PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";

export const metadata = { title: "Health" };

export default async function HealthPage({ searchParams }: { searchParams: Promise<{ violationId?: string }> }) {
  await requireActor();
  const { violationId } = await searchParams;
  return (
    <div>
      <PageHeader
        icon={<HeartPulse className="size-5" />}
        title="Health"
        description="Problems found in your clusters, opened and resolved as the agents see changes."
      />
      <Monitors monitorId={violationId} />
    </div>
  );
}
