"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { api } from "@/lib/client/api";
import { tagKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { TagView } from "@/lib/tags/types";
import { Badge } from "../ui/badge";

export function useTags() {
  return useQuery({ queryKey: tagKeys.all, queryFn: () => api<TagView[]>(urls.tags.list()) });
}

export function TagBadges({ ids }: { ids: string[] }) {
  const { data: tags = [] } = useTags();
  return (
    <span className="flex flex-wrap gap-1">
      {ids.map((id) => {
        const tag = tags.find((t) => t.id === id);
        return tag ? (
          <Badge key={id} tone={tag.color}>
            {tag.name}
          </Badge>
        ) : null;
      })}
    </span>
  );
}

/** Chooses tags by id; shows the chosen ones as removable badges. */
export function TagPicker({ value, onChange, disabled, id }: { value: string[]; onChange: (ids: string[]) => void; disabled?: boolean; id?: string }) {
  const { data: tags = [] } = useTags();
  const available = tags.filter((t) => !value.includes(t.id));
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {value.map((tagId) => {
        const tag = tags.find((t) => t.id === tagId);
        if (!tag) return null;
        return (
          <Badge key={tagId} tone={tag.color}>
            {tag.name}
            {!disabled ? (
              <button type="button" aria-label={`Remove tag ${tag.name}`} onClick={() => onChange(value.filter((v) => v !== tagId))}>
                <X className="size-3" />
              </button>
            ) : null}
          </Badge>
        );
      })}
      {!disabled ? (
        <select
          id={id}
          aria-label="Add a tag"
          className="rounded-md border-0 bg-transparent py-0.5 pl-1 pr-6 text-xs text-zinc-500 ring-1 ring-inset ring-zinc-300 dark:ring-zinc-700"
          value=""
          onChange={(e) => e.target.value && onChange([...value, e.target.value])}
        >
          <option value="">{tags.length === 0 ? "No tags yet" : "+ Add tag"}</option>
          {available.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      ) : value.length === 0 ? (
        <span className="text-xs text-zinc-500">No tags</span>
      ) : null}
    </div>
  );
}
