import { History } from "lucide-react";
import { Timeline } from "@/components/kube/timeline";
import { PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";

export const metadata = { title: "Timeline" };

export default async function TimelinePage() {
  await requireActor();
  return (
    <div>
      <PageHeader icon={<History className="size-5" />} title="Timeline" description="Everything that changed or broke, across every cluster you can see." />
      <Timeline />
    </div>
  );
}
