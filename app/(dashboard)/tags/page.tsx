import { Tags } from "lucide-react";
import { TagManager } from "@/components/resources/tag-manager";
import { PageHeader } from "@/components/ui/card";
import { load } from "@/lib/pages/load";

export const metadata = { title: "Tags" };

export default async function TagsPage() {
  const { actor } = await load(async () => null);
  return (
    <div className="max-w-3xl">
      <PageHeader
        icon={<Tags className="size-5" />}
        title="Tags"
        description="Group and filter resources of every type. Anyone can add tags; their creator or an admin can change them."
      />
      <TagManager currentUserId={actor.id} admin={actor.admin} />
    </div>
  );
}
