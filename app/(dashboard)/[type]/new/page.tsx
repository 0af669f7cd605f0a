import { notFound } from "next/navigation";
import { ResourceCreate } from "@/components/resources/resource-create";
import type { TypeSchema } from "@/components/resources/json-schema";
import { TypeIcon } from "@/components/resources/type-icon";
import { PageHeader } from "@/components/ui/card";
import { mayCreateSome } from "@/lib/authz/authorize";
import { resourceTypeSchemas } from "@/lib/api/openapi";
import { load } from "@/lib/pages/load";
import { listResources } from "@/lib/resources/read";
import { resourceTypeByPlural } from "@/lib/resources/registry";

export default async function NewResourcePage({ params, searchParams }: { params: Promise<{ type: string }>; searchParams: Promise<{ template?: string }> }) {
  const def = resourceTypeByPlural((await params).type);
  if (!def) notFound();
  const { data: allowed } = await load((actor) => mayCreateSome(actor, def.key));
  if (!allowed) notFound();
  const { data: templates } = await load((actor) => listResources(actor, def.key, { template: true }));
  const schema = resourceTypeSchemas().find((s) => s.key === def.key) as TypeSchema;
  return (
    <div className="max-w-4xl">
      <PageHeader icon={<TypeIcon type={def.key} className="size-5" />} title={`New ${def.label.toLowerCase()}`} description={def.description} />
      <ResourceCreate schema={schema} templates={templates} templateId={(await searchParams).template} />
    </div>
  );
}
