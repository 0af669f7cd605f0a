"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, KeyRound, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { accountKeys, api, ApiError, errorMessage, type FieldErrors } from "@/lib/client/api";
import { LEVELS } from "@/lib/authz/permissions";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Field, Input, Select } from "../ui/field";
import { TimeAgo } from "../ui/time";

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  maxLevel: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export function ApiKeys() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: accountKeys.apiKeys, queryFn: () => api<ApiKeyRow[]>("/api/v1/api-keys") });
  const [form, setForm] = useState({ name: "", expiresAt: "", maxLevel: "Write" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: accountKeys.apiKeys });
  const create = useMutation({
    mutationFn: () => api<ApiKeyRow & { key: string }>("/api/v1/api-keys", { method: "POST", body: { name: form.name, maxLevel: form.maxLevel, ...(form.expiresAt ? { expiresAt: form.expiresAt } : {}) } }),
    onSuccess: (k) => (setSecret(k.key), setForm({ name: "", expiresAt: "", maxLevel: "Write" }), setErrors({}), void refresh()),
    onError: (e) => (setErrors(e instanceof ApiError ? e.fields : {}), toast.error(errorMessage(e))),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/api-keys/${id}`, { method: "DELETE" }),
    onSuccess: () => void refresh(),
    onError: (e) => toast.error(errorMessage(e)),
  });
  return (
    <Card title="API keys">
      <p className="mb-4 text-sm text-zinc-500">
        Send a key as the <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">X-API-KEY</code> header. A key acts as you, capped at its level.
      </p>
      {secret ? (
        <div className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <p className="font-medium text-amber-900 dark:text-amber-200">Copy this key now. It won&apos;t be shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code className="flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900" data-testid="new-api-key">
              {secret}
            </code>
            <Button variant="secondary" onClick={() => void navigator.clipboard?.writeText(secret).then(() => toast.success("Copied"))}>
              <Copy className="size-4" />
            </Button>
            <Button variant="ghost" onClick={() => setSecret(null)}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
      <ul className="mb-4 divide-y divide-zinc-100 dark:divide-zinc-800">
        {keys.data?.length === 0 ? <li className="py-2 text-sm text-zinc-500">No keys yet.</li> : null}
        {keys.data?.map((k) => (
          <li key={k.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
            <KeyRound className="size-4 text-zinc-400" />
            <span className="font-medium">{k.name}</span>
            <code className="text-xs text-zinc-500">{k.prefix}…</code>
            <Badge tone="blue">{k.maxLevel}</Badge>
            {k.expiresAt ? <span className="text-xs text-zinc-500">expires <TimeAgo at={k.expiresAt} /></span> : null}
            <span className="text-xs text-zinc-500">{k.lastUsedAt ? <>used <TimeAgo at={k.lastUsedAt} /></> : "never used"}</span>
            <Button variant="ghost" className="ml-auto" aria-label={`Delete key ${k.name}`} onClick={() => remove.mutate(k.id)}>
              <Trash2 className="size-4" />
            </Button>
          </li>
        ))}
      </ul>
      <form className="grid items-end gap-3 sm:grid-cols-[1fr_auto_auto_auto]" onSubmit={(e) => (e.preventDefault(), create.mutate())}>
        <Field label="Name" htmlFor="key-name" errors={errors.name}>
          <Input id="key-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} invalid={!!errors.name} placeholder="ci-deployer" />
        </Field>
        <Field label="Level" htmlFor="key-level">
          <Select id="key-level" value={form.maxLevel} onChange={(e) => setForm({ ...form, maxLevel: e.target.value })}>
            {LEVELS.filter((l) => l !== "None").map((l) => (
              <option key={l}>{l}</option>
            ))}
          </Select>
        </Field>
        <Field label="Expires" htmlFor="key-expires" errors={errors.expiresAt}>
          <Input id="key-expires" type="date" value={form.expiresAt} onChange={(e) => setForm({ ...form, expiresAt: e.target.value })} />
        </Field>
        <Button type="submit" disabled={create.isPending || !form.name.trim()}>
          Create key
        </Button>
      </form>
    </Card>
  );
}
