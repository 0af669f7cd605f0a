"use client";

import { useQuery } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { adminKeys, resourceKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { LEVELS, SPECIFIC_PERMISSIONS } from "@/lib/authz/permissions";
import type { ResourceTypeKey } from "@/lib/resources/define";
import { isResourceTypeKey, TYPE_NAMES, TYPE_ORDER } from "@/lib/resources/names";
import type { ResourceView } from "@/lib/resources/view";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Checkbox, Field, Input, Select } from "../ui/field";
import type { GrantRow } from "@/lib/users/types";

type Subject = { userId: string } | { userGroupId: string };

/** Lists and edits the grants of one user or one group. */
export function GrantsEditor({ subject }: { subject: Subject }) {
  const filter: Record<string, string> = "userId" in subject ? { userId: subject.userId } : { userGroupId: subject.userGroupId };
  const key = adminKeys.grants(filter);
  const grants = useQuery({ queryKey: key, queryFn: () => api<GrantRow[]>(urls.permissions.list(filter)) });
  const [form, setForm] = useState({
    resourceType: "server" as ResourceTypeKey,
    targetKind: "resource",
    resourceId: "",
    pattern: "",
    level: "Read",
    specific: [] as string[],
  });
  const def = TYPE_NAMES[form.resourceType];
  const resources = useQuery({ queryKey: resourceKeys.list(def.plural), queryFn: () => api<ResourceView[]>(urls.resources.list(def.plural)) });

  const create = useApiMutation({
    mutationFn: () =>
      api(urls.permissions.create(), {
        method: "POST",
        body: {
          ...filter,
          resourceType: form.resourceType,
          targetKind: form.targetKind,
          ...(form.targetKind === "resource" ? { resourceId: form.resourceId || undefined } : {}),
          ...(form.targetKind === "pattern" ? { pattern: form.pattern } : {}),
          level: form.level,
          specific: form.specific,
        },
      }),
    invalidate: [key],
    successToast: "Permission granted",
  });
  const errors = create.fieldErrors;
  const revoke = useApiMutation({
    mutationFn: (id: string) => api(urls.permissions.detail(id), { method: "DELETE" }),
    invalidate: [key],
  });

  return (
    <Card title="Permissions">
      <ul className="mb-4 divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="grants">
        {grants.data?.length === 0 ? <li className="py-2 text-sm text-zinc-500">No grants: nothing is visible except through other grants.</li> : null}
        {grants.data?.map((g) => (
          <li key={g.id} className="flex items-center gap-2 py-2 text-sm">
            <Badge tone="blue">{g.level}</Badge>
            {g.specific.map((s) => (
              <Badge key={s} tone="violet">
                {s}
              </Badge>
            ))}
            <span>
              on {isResourceTypeKey(g.resourceType) ? TYPE_NAMES[g.resourceType].labelPlural.toLowerCase() : g.resourceType} <strong>{g.targetName}</strong>
            </span>
            <Button variant="ghost" className="ml-auto" aria-label="Revoke" onClick={() => revoke.mutate(g.id)}>
              <Trash2 className="size-4" />
            </Button>
          </li>
        ))}
      </ul>
      <form
        className="grid items-end gap-3 border-t border-zinc-200 pt-4 sm:grid-cols-4 dark:border-zinc-800"
        onSubmit={(e) => (e.preventDefault(), create.mutate())}
      >
        <Field label="Resource type" htmlFor="grant-type" errors={errors.resourceType}>
          <Select
            id="grant-type"
            value={form.resourceType}
            onChange={(e) => setForm({ ...form, resourceType: e.target.value as ResourceTypeKey, resourceId: "" })}
          >
            {TYPE_ORDER.map((key) => (
              <option key={key} value={key}>
                {TYPE_NAMES[key].labelPlural}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Applies to" htmlFor="grant-kind">
          <Select id="grant-kind" value={form.targetKind} onChange={(e) => setForm({ ...form, targetKind: e.target.value })}>
            <option value="resource">One resource</option>
            <option value="all">All of this type</option>
            <option value="pattern">Names matching a pattern</option>
          </Select>
        </Field>
        {form.targetKind === "resource" ? (
          <Field label="Resource" htmlFor="grant-resource" errors={errors.resourceId}>
            <Select
              id="grant-resource"
              value={form.resourceId}
              onChange={(e) => setForm({ ...form, resourceId: e.target.value })}
              invalid={!!errors.resourceId}
            >
              <option value="">Choose…</option>
              {resources.data?.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </Select>
          </Field>
        ) : form.targetKind === "pattern" ? (
          <Field label="Pattern" htmlFor="grant-pattern" errors={errors.pattern} hint="prod-* or \\^api-\\d+$\\">
            <Input id="grant-pattern" value={form.pattern} onChange={(e) => setForm({ ...form, pattern: e.target.value })} invalid={!!errors.pattern} />
          </Field>
        ) : (
          <div />
        )}
        <Field label="Level" htmlFor="grant-level">
          <Select id="grant-level" value={form.level} onChange={(e) => setForm({ ...form, level: e.target.value })}>
            {LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </Select>
        </Field>
        <div className="flex flex-wrap gap-3 sm:col-span-3">
          {SPECIFIC_PERMISSIONS.map((s) => (
            <Checkbox
              key={s}
              label={s}
              checked={form.specific.includes(s)}
              onChange={(e) => setForm({ ...form, specific: e.target.checked ? [...form.specific, s] : form.specific.filter((x) => x !== s) })}
            />
          ))}
        </div>
        <Button type="submit" disabled={create.isPending}>
          Grant
        </Button>
      </form>
      {errors._ ? <p className="mt-2 text-xs text-red-600">{errors._[0]}</p> : null}
    </Card>
  );
}
