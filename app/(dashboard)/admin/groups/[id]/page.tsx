import { UsersRound } from "lucide-react";
import { GroupDetail } from "@/components/admin/group-detail";
import type { GroupRow, UserRow } from "@/lib/users/types";
import { PageHeader } from "@/components/ui/card";
import { load } from "@/lib/pages/load";
import { getGroup } from "@/lib/users/groups";
import { listUsers } from "@/lib/users/users";

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { data } = await load(async (actor) => ({ group: await getGroup(actor, id), users: await listUsers(actor) }));
  const plain = JSON.parse(JSON.stringify(data)) as { group: GroupRow; users: UserRow[] };
  return (
    <div className="max-w-4xl">
      <PageHeader icon={<UsersRound className="size-5" />} title={plain.group.name} description={plain.group.description || "User group"} />
      <GroupDetail initial={plain.group} users={plain.users} />
    </div>
  );
}
