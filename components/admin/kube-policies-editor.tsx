"use client";

import { useQuery } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { adminKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { KUBE_ACTIONS } from "@/lib/authz/kube";
import type { EffectiveKubePolicyRow, KubePolicyRow } from "@/lib/users/types";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Checkbox, Field, Input } from "../ui/field";

type PolicyRow = KubePolicyRow & Partial<Pick<EffectiveKubePolicyRow, "via" | "expired">>;

/** Kubernetes policies of a user or group; for users, also their effective policies. */
export function KubePoliciesEditor({ subject }: { subject: { userId: string } | { userGroupId: string } }) {
  const own: Record<string, string> = "userId" in subject ? { userId: subject.userId } : { userGroupId: subject.userGroupId };
  const listKey = adminKeys.ownKubePolicies(own);
  const policies = useQuery({ queryKey: listKey, queryFn: () => api<PolicyRow[]>(urls.kubePolicies.list(own)) });
  const effective = useQuery({
    queryKey: adminKeys.effectiveKubePolicies(own),
    queryFn: () => api<PolicyRow[]>(urls.kubePolicies.list({ effectiveFor: (subject as { userId: string }).userId })),
    enabled: "userId" in subject,
  });
  const [form, setForm] = useState({ clusters: "*", namespaces: "*", actions: ["view"] as string[], expiresAt: "" });
  const create = useApiMutation({
    mutationFn: () =>
      api(urls.kubePolicies.create(), {
        method: "POST",
        body: { ...own, clusters: form.clusters, namespaces: form.namespaces, actions: form.actions, ...(form.expiresAt ? { expiresAt: form.expiresAt } : {}) },
      }),
    invalidate: [adminKeys.kubePolicies],
    successToast: "Policy added",
  });
  const errors = create.fieldErrors;
  const remove = useApiMutation({ mutationFn: (id: string) => api(urls.kubePolicies.detail(id), { method: "DELETE" }), invalidate: [adminKeys.kubePolicies] });
  const row = (p: PolicyRow, removable: boolean) => (
    <li key={p.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
      <span className="font-mono text-xs">
        {p.clusters} / {p.namespaces}
      </span>
      {p.actions.map((a) => (
        <Badge key={a} tone="blue">
          {a}
        </Badge>
      ))}
      {p.via ? <span className="text-xs text-zinc-500">via {p.via}</span> : null}
      {p.expiresAt ? <Badge tone={p.expired ? "red" : "amber"}>{p.expired ? "expired" : `until ${new Date(p.expiresAt).toLocaleDateString()}`}</Badge> : null}
      {removable ? (
        <Button variant="ghost" className="ml-auto" aria-label="Remove policy" onClick={() => remove.mutate(p.id)}>
          <Trash2 className="size-4" />
        </Button>
      ) : null}
    </li>
  );
  return (
    <Card title="Kubernetes access">
      <ul className="mb-4 divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="kube-policies">
        {policies.data?.length === 0 ? <li className="py-2 text-sm text-zinc-500">No Kubernetes policies.</li> : null}
        {policies.data?.map((p) => row(p, true))}
      </ul>
      <form className="space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800" onSubmit={(e) => (e.preventDefault(), create.mutate())}>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Clusters" htmlFor="kp-clusters" errors={errors.clusters} hint="name, prod-* or \regex\">
            <Input id="kp-clusters" value={form.clusters} onChange={(e) => setForm({ ...form, clusters: e.target.value })} />
          </Field>
          <Field label="Namespaces" htmlFor="kp-namespaces" errors={errors.namespaces}>
            <Input id="kp-namespaces" value={form.namespaces} onChange={(e) => setForm({ ...form, namespaces: e.target.value })} />
          </Field>
          <Field label="Expires" htmlFor="kp-expires" errors={errors.expiresAt}>
            <Input id="kp-expires" type="date" value={form.expiresAt} onChange={(e) => setForm({ ...form, expiresAt: e.target.value })} />
          </Field>
        </div>
        <div className="flex flex-wrap gap-3">
          {KUBE_ACTIONS.map((a) => (
            <Checkbox
              key={a}
              label={a}
              checked={form.actions.includes(a)}
              onChange={(e) => setForm({ ...form, actions: e.target.checked ? [...form.actions, a] : form.actions.filter((x) => x !== a) })}
            />
          ))}
        </div>
        {(errors.actions ?? errors._)?.[0] ? <p className="text-xs text-red-600">{(errors.actions ?? errors._)?.[0]}</p> : null}
        <Button type="submit" disabled={create.isPending}>
          Add policy
        </Button>
      </form>
      {"userId" in subject && effective.data?.length ? (
        <div className="mt-6 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <h3 className="mb-1 text-sm font-semibold">Effective Kubernetes permissions</h3>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="effective-kube-policies">
            {effective.data.map((p) => row(p, false))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
