import { User } from "lucide-react";
import { GrantsEditor } from "@/components/admin/grants-editor";
import { KubePoliciesEditor } from "@/components/admin/kube-policies-editor";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { authorize } from "@/lib/authz/authorize";
import { load } from "@/lib/pages/load";
import { getUser } from "@/lib/users/users";

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { data: user } = await load(async (actor) => {
    await authorize(actor, "admin", { kind: "system" });
    return getUser(actor, id);
  });
  return (
    <div className="space-y-6">
      <PageHeader
        icon={<User className="size-5" />}
        title={user.username}
        description={`${user.provider} account · ${user.enabled ? "enabled" : "disabled"}${user.admin ? " · admin" : ""}`}
      />
      <Card title="Groups">
        <div className="flex flex-wrap gap-2">
          {user.groups.length ? (
            user.groups.map((g) => (
              <Badge key={g.id} tone="blue">
                {g.name}
              </Badge>
            ))
          ) : (
            <span className="text-sm text-zinc-500">Not in any group.</span>
          )}
        </div>
      </Card>
      {user.admin ? <p className="text-sm text-zinc-500">Admins can do everything; grants below apply if the admin flag is removed.</p> : null}
      <GrantsEditor subject={{ userId: user.id }} />
      <KubePoliciesEditor subject={{ userId: user.id }} />
    </div>
  );
}
