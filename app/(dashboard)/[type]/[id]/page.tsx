import { notFound } from "next/navigation";
import type { TypeSchema } from "@/components/resources/json-schema";
import { ResourceDetail } from "@/components/resources/resource-detail";
import { resourceTypeSchemas } from "@/lib/api/openapi";
import { load } from "@/lib/pages/load";
import { getResource } from "@/lib/resources/read";
import { resourceTypeByPlural } from "@/lib/resources/registry";

export default async function ResourcePage({ params }: { params: Promise<{ type: string; id: string }> }) {
  const { type, id } = await params;
  const def = resourceTypeByPlural(type);
  if (!def) notFound();
  const { data: resource } = await load((actor) => getResource(actor, def.key, id));
  const schema = resourceTypeSchemas().find((s) => s.key === def.key) as TypeSchema;
  return <ResourceDetail key={resource.id} schema={schema} initial={resource} />;
}
