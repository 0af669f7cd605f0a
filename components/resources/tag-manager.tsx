"use client";

import { Trash2 } from "lucide-react";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { tagKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { TAG_COLORS, type TagColor } from "@/lib/tags/colors";
import type { TagView } from "@/lib/tags/types";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Field, Input, Select } from "../ui/field";
import { EmptyState, Spinner } from "../ui/states";
import { useTags } from "./tags";

export function TagManager({ currentUserId, admin }: { currentUserId: string; admin: boolean }) {
  const { data: tags, isLoading } = useTags();
  const [name, setName] = useState("");
  const [color, setColor] = useState<TagColor>("blue");
  const [deleting, setDeleting] = useState<TagView | null>(null);

  const create = useApiMutation({
    mutationFn: () => api(urls.tags.create(), { method: "POST", body: { name, color } }),
    onSuccess: () => setName(""),
    invalidate: [tagKeys.all],
    successToast: "Tag created",
  });
  const errors = create.fieldErrors;
  const remove = useApiMutation({
    mutationFn: (id: string) => api(urls.tags.detail(id), { method: "DELETE" }),
    onSuccess: () => setDeleting(null),
    invalidate: [tagKeys.all],
    successToast: "Tag deleted",
    onError: () => setDeleting(null),
  });

  return (
    <div className="space-y-6">
      <Card title="New tag">
        <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => (e.preventDefault(), create.mutate())}>
          <div className="min-w-48 flex-1">
            <Field label="Name" htmlFor="tag-name" errors={errors.name}>
              <Input id="tag-name" value={name} onChange={(e) => setName(e.target.value)} invalid={!!errors.name} placeholder="production" />
            </Field>
          </div>
          <Field label="Color" htmlFor="tag-color">
            <Select id="tag-color" value={color} onChange={(e) => setColor(e.target.value as TagColor)}>
              {TAG_COLORS.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
          <Button type="submit" disabled={create.isPending || !name.trim()}>
            Add tag
          </Button>
        </form>
      </Card>
      {isLoading ? (
        <Spinner />
      ) : !tags?.length ? (
        <EmptyState title="No tags yet" description="Tags group resources across types, e.g. by team or environment." />
      ) : (
        <Card title={`${tags.length} tag${tags.length === 1 ? "" : "s"}`}>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {tags.map((tag) => (
              <li key={tag.id} className="flex items-center justify-between py-2">
                <Badge tone={tag.color}>{tag.name}</Badge>
                {admin || (tag as TagView & { createdById?: string }).createdById === currentUserId ? (
                  <Button variant="ghost" aria-label={`Delete tag ${tag.name}`} onClick={() => setDeleting(tag)}>
                    <Trash2 className="size-4" />
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
      <ConfirmDialog
        open={!!deleting}
        title={`Delete tag ${deleting?.name}?`}
        confirmLabel="Delete"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onCancel={() => setDeleting(null)}
      >
        The tag is removed from every resource that has it.
      </ConfirmDialog>
    </div>
  );
}
