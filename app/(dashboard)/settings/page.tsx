import { Settings } from "lucide-react";
import { ApiKeys } from "@/components/account/api-keys";
import { ChangePassword } from "@/components/account/change-password";
import { PageHeader } from "@/components/ui/card";
import { load } from "@/lib/pages/load";
import { getUser } from "@/lib/users/users";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { data: user } = await load((actor) => getUser(actor, actor.id));
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader icon={<Settings className="size-5" />} title="Settings" description={`Signed in as ${user.username}`} />
      {user.provider === "local" ? <ChangePassword /> : null}
      <ApiKeys />
    </div>
  );
}
