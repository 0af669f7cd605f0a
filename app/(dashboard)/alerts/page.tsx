import { Bell } from "lucide-react";
import { AlertList } from "@/components/alerts/alert-list";
import { PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";

export const metadata = { title: "Alerts" };

export default async function AlertsPage() {
  await requireActor();
  return (
    <div>
      <PageHeader
        icon={<Bell className="size-5" />}
        title="Alerts"
        description="What needs attention on the resources you can see: open alerts resolve on their own once their condition clears."
      />
      <AlertList />
    </div>
  );
}
