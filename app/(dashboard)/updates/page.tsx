import { Activity } from "lucide-react";
import { UpdateList } from "@/components/updates/update-list";
import { PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";

export const metadata = { title: "Updates" };

export default async function UpdatesPage() {
  await requireActor();
  return (
    <div>
      <PageHeader icon={<Activity className="size-5" />} title="Updates" description="Every change and execution, who made it, and what changed." />
      <UpdateList />
    </div>
  );
}
