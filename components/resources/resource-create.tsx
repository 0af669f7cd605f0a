"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { api, ApiError, errorMessage, resourceKeys, type FieldErrors } from "@/lib/client/api";
import type { ResourceView } from "@/lib/resources/view";
import { Button, ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { Field, Input, Textarea } from "../ui/field";
import { defaultsOf, type TypeSchema } from "./json-schema";
import { SchemaFields } from "./schema-fields";
import { TagPicker } from "./tags";

export function ResourceCreate({ schema }: { schema: TypeSchema }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [tags, setTags] = useState<string[]>([]);
  const [config, setConfig] = useState(() => defaultsOf(schema.config) as Record<string, unknown>);
  const [errors, setErrors] = useState<FieldErrors>({});

  const create = useMutation({
    mutationFn: () => api<ResourceView>(`/api/v1/${schema.plural}`, { method: "POST", body: { name, description, tags, config } }),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: resourceKeys.lists(schema.plural) });
      toast.success(`${schema.label} ${created.name} created`);
      router.push(`/${schema.plural}/${created.id}`);
    },
    onError: (e) => {
      setErrors(e instanceof ApiError ? e.fields : {});
      toast.error(errorMessage(e));
    },
  });

  const ctx = {
    errors,
    disabled: false,
    secretFields: schema.secretFields,
    references: Object.fromEntries(schema.references.map((r) => [r.field, r])),
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
