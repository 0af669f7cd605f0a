import { UpdateView } from "@/components/updates/update-view";
import type { UpdateDetail } from "@/lib/updates/types";
import { load } from "@/lib/pages/load";
import { getUpdate } from "@/lib/updates/list";

export default async function UpdatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { data } = await load((actor) => getUpdate(actor, id));
  return <UpdateView update={JSON.parse(JSON.stringify(data)) as UpdateDetail} />;
}
