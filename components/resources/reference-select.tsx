"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import { resourceKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { ResourceTypeKey } from "@/lib/resources/define";
// Names only: the registry would bring every type's config schema (and zod) into the form pages.
import { TYPE_NAMES } from "@/lib/resources/names";
import type { ResourceView } from "@/lib/resources/view";
import { Checkbox, Select } from "../ui/field";

/** Picks another resource (or several) by id, from the ones the user can read. */
export function ReferenceSelect({
  id,
  type,
  many,
  value,
  onChange,
  disabled,
  invalid,
}: {
  id: string;
  type: string;
  many?: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
  disabled: boolean;
  invalid: boolean;
}) {
  const def = TYPE_NAMES[type as ResourceTypeKey];
  const { data = [], isLoading } = useQuery({ queryKey: resourceKeys.list(def.plural), queryFn: () => api<ResourceView[]>(urls.resources.list(def.plural)) });
  if (many) {
    const selected = new Set((value as string[]) ?? []);
    if (!isLoading && data.length === 0) return <p className="text-sm text-zinc-500">No {def.labelPlural.toLowerCase()} yet.</p>;
    return (
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {data.map((r) => (
          <Checkbox
            key={r.id}
            label={r.name}
            checked={selected.has(r.id)}
            disabled={disabled}
            onChange={(e) => onChange(e.target.checked ? [...selected, r.id] : [...selected].filter((s) => s !== r.id))}
          />
        ))}
      </div>
    );
  }
  const current = String(value ?? "");
  return (
    <Select id={id} value={current} onChange={(e) => onChange(e.target.value)} disabled={disabled} invalid={invalid}>
      <option value="">{isLoading ? "Loading…" : `No ${def.label.toLowerCase()}`}</option>
      {data.map((r) => (
        <option key={r.id} value={r.id}>
          {r.name}
        </option>
      ))}
      {current && !isLoading && !data.some((r) => r.id === current) ? <option value={current}>Unknown ({current})</option> : null}
    </Select>
  );
}
