import { Users } from "lucide-react";
import { UsersAdmin } from "@/components/admin/users-admin";
import type { UserRow } from "@/lib/users/types";
import { PageHeader } from "@/components/ui/card";
import { load } from "@/lib/pages/load";
import { listUsers } from "@/lib/users/users";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const { actor, data } = await load(listUsers);
  return (
    <div>
      <PageHeader
        icon={<Users className="size-5" />}
        title="Users"
        description="New accounts stay disabled until you enable them. Disabling a user ends their sessions."
      />
      <UsersAdmin initial={JSON.parse(JSON.stringify(data)) as UserRow[]} currentUserId={actor.id} />
    </div>
  );
}
