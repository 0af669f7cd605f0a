"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { resourceKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { SECRET_MASK, type ResourceView } from "@/lib/resources/view";
import { Button, ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { Checkbox, Field, Input, Select, Textarea } from "../ui/field";
import { defaultsOf, type TypeSchema } from "./json-schema";
import { SchemaFields } from "./schema-fields";
import { TagPicker } from "./tags";

/** A template's config as a starting point: its secrets are shown masked and are never copied. */
function startingConfig(schema: TypeSchema, template: ResourceView | undefined): Record<string, unknown> {
  if (!template) return defaultsOf(schema.config) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(template.config).filter(([field, value]) => !(schema.secretFields.includes(field) && value === SECRET_MASK)));
}

export function ResourceCreate({ schema, templates = [], templateId }: { schema: TypeSchema; templates?: ResourceView[]; templateId?: string }) {
  const router = useRouter();
  const [fromTemplate, setFromTemplate] = useState(templates.find((t) => t.id === templateId));
  const [name, setName] = useState("");
  const [description, setDescription] = useState(fromTemplate?.description ?? "");
  const [tags, setTags] = useState<string[]>(fromTemplate?.tags ?? []);
  const [template, setTemplate] = useState(false);
  const [config, setConfig] = useState(() => startingConfig(schema, fromTemplate));
  const start = (id: string) => {
    const chosen = templates.find((t) => t.id === id);
    setFromTemplate(chosen);
    setDescription(chosen?.description ?? "");
    setTags(chosen?.tags ?? []);
    setConfig(startingConfig(schema, chosen));
  };

  const create = useApiMutation({
    mutationFn: () =>
      api<ResourceView>(urls.resources.create(schema.plural), {
        method: "POST",
        body: { name, description, tags, template, config, ...(fromTemplate ? { fromTemplate: fromTemplate.id } : {}) },
      }),
    invalidate: [resourceKeys.lists(schema.plural)],
    successToast: (created) => `${schema.label} ${created.name} created`,
    onSuccess: (created) => router.push(`/${schema.plural}/${created.id}`),
  });
  const errors = create.fieldErrors;

  const ctx = {
    errors,
    disabled: false,
    secretFields: schema.secretFields,
    references: Object.fromEntries(schema.references.filter((r) => !r.key).map((r) => [r.field, r])),
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
      className="space-y-6"
    >
      <Card title="General">
        <div className="grid gap-4 sm:grid-cols-2">
          {templates.length ? (
            <div className="sm:col-span-2">
              <Field
                label="Start from"
                htmlFor="from-template"
                errors={errors.fromTemplate}
                hint="A template's configuration, description and tags; secrets are not copied."
              >
                <Select id="from-template" value={fromTemplate?.id ?? ""} onChange={(e) => start(e.target.value)}>
                  <option value="">Blank {schema.label.toLowerCase()}</option>
                  {templates.map((t) => (
                    <option key={t.id} value={t.id}>
                      Template: {t.name}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
          ) : null}
          <Field label="Name" htmlFor="name" errors={errors.name} hint="Letters, digits, '.', '_' or '-'">
            <Input id="name" value={name} onChange={(e) => setName(e.target.value)} invalid={!!errors.name} autoFocus required />
          </Field>
          <Field label="Tags" errors={errors.tags}>
            <TagPicker value={tags} onChange={setTags} />
          </Field>
          <div className="sm:col-span-2">
            <Field label="Description" htmlFor="description" errors={errors.description}>
              <Textarea id="description" rows={2} className="font-sans text-sm" value={description} onChange={(e) => setDescription(e.target.value)} />
            </Field>
          </div>
          <div className="sm:col-span-2">
            <Checkbox
              label="Create as a template (never deployed or run; others start from it)"
              checked={template}
              onChange={(e) => setTemplate(e.target.checked)}
            />
          </div>
        </div>
      </Card>
      <Card title="Configuration">
        <SchemaFields schema={schema.config} value={config} onChange={setConfig} path="config" ctx={ctx} />
      </Card>
      <div className="flex justify-end gap-2">
        <ButtonLink href={`/${schema.plural}`} variant="secondary">
          Cancel
        </ButtonLink>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : `Create ${schema.label.toLowerCase()}`}
        </Button>
      </div>
    </form>
  );
}
