import { notFound } from "next/navigation";
import { ResourceList } from "@/components/resources/resource-list";
import { mayCreateSome } from "@/lib/authz/authorize";
import { load } from "@/lib/pages/load";
import { listResources } from "@/lib/resources/read";
import { resourceTypeByPlural } from "@/lib/resources/registry";

export default async function ResourceListPage({ params }: { params: Promise<{ type: string }> }) {
  const def = resourceTypeByPlural((await params).type);
  if (!def) notFound();
  const { data } = await load(async (actor) => ({ rows: await listResources(actor, def.key), canCreate: await mayCreateSome(actor, def.key) }));
  return <ResourceList typeKey={def.key} description={def.description} initial={data.rows} canCreate={data.canCreate} />;
}
