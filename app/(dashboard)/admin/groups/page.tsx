import { UsersRound } from "lucide-react";
import { GroupsAdmin } from "@/components/admin/groups-admin";
import type { GroupRow } from "@/lib/users/types";
import { PageHeader } from "@/components/ui/card";
import { load } from "@/lib/pages/load";
import { listGroups } from "@/lib/users/groups";

export const metadata = { title: "Groups" };

export default async function GroupsPage() {
  const { data } = await load(listGroups);
  return (
    <div className="max-w-3xl">
      <PageHeader icon={<UsersRound className="size-5" />} title="Groups" description="Grant permissions to a team once instead of to each user." />
      <GroupsAdmin initial={JSON.parse(JSON.stringify(data)) as GroupRow[]} />
    </div>
  );
}
