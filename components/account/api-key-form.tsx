"use client";

import { useState } from "react";
import { api } from "@/lib/client/api";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { LEVELS, type Level } from "@/lib/authz/permissions";
import type { CreateApiKeyBody } from "@/lib/users/types";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/field";

const EMPTY = { name: "", expiresAt: "", maxLevel: "Write" as Level, publicApiOnly: false, clusters: "*", namespaces: "*" };
const PATTERN_HINT = "* for all, prod-* or \\regex\\";

/** The create form of the API keys card; reports the new key's secret (shown once) to its parent. */
export function ApiKeyForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const [form, setForm] = useState(EMPTY);
  const create = useApiMutation({
    mutationFn: () =>
      api<{ key: string }>(urls.apiKeys.create(), {
        method: "POST",
        body: {
          name: form.name,
          // A public-API key only reads: the server refuses any other level for it.
          maxLevel: form.publicApiOnly ? "Read" : form.maxLevel,
          publicApiOnly: form.publicApiOnly,
          clusters: form.clusters,
          namespaces: form.namespaces,
          ...(form.expiresAt ? { expiresAt: form.expiresAt } : {}),
        } satisfies CreateApiKeyBody,
      }),
    onSuccess: (k) => (onCreated(k.key), setForm(EMPTY)),
  });
  const errors = create.fieldErrors;
  return (
    <form className="space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800" onSubmit={(e) => (e.preventDefault(), create.mutate())}>
      <div className="grid items-start gap-3 sm:grid-cols-3">
        <Field label="Name" htmlFor="key-name" errors={errors.name}>
          <Input
            id="key-name"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            invalid={!!errors.name}
            placeholder="ci-deployer"
          />
        </Field>
        <Field label="Use" htmlFor="key-use" errors={errors.publicApiOnly}>
          <Select
            id="key-use"
            value={form.publicApiOnly ? "public" : "full"}
            onChange={(e) => setForm({ ...form, publicApiOnly: e.target.value === "public" })}
            invalid={!!errors.publicApiOnly}
          >
            <option value="full">Full API</option>
            <option value="public">Public API, read only</option>
          </Select>
        </Field>
        <Field label="Level" htmlFor="key-level" errors={errors.maxLevel} hint={form.publicApiOnly ? "Public API keys only read" : undefined}>
          <Select
            id="key-level"
            value={form.publicApiOnly ? "Read" : form.maxLevel}
            disabled={form.publicApiOnly}
            onChange={(e) => setForm({ ...form, maxLevel: e.target.value as Level })}
            invalid={!!errors.maxLevel}
            className="disabled:cursor-not-allowed disabled:opacity-60"
          >
            {LEVELS.filter((l) => l !== "None").map((l) => (
              <option key={l}>{l}</option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="grid items-start gap-3 sm:grid-cols-3">
        <Field label="Clusters" htmlFor="key-clusters" errors={errors.clusters} hint={PATTERN_HINT}>
          <Input
            id="key-clusters"
            className="font-mono"
            value={form.clusters}
            onChange={(e) => setForm({ ...form, clusters: e.target.value })}
            invalid={!!errors.clusters}
          />
        </Field>
        <Field label="Namespaces" htmlFor="key-namespaces" errors={errors.namespaces} hint={PATTERN_HINT}>
          <Input
            id="key-namespaces"
            className="font-mono"
            value={form.namespaces}
            onChange={(e) => setForm({ ...form, namespaces: e.target.value })}
            invalid={!!errors.namespaces}
          />
        </Field>
        <Field label="Expires" htmlFor="key-expires" errors={errors.expiresAt}>
          <Input
            id="key-expires"
            type="date"
            value={form.expiresAt}
            onChange={(e) => setForm({ ...form, expiresAt: e.target.value })}
            invalid={!!errors.expiresAt}
          />
        </Field>
      </div>
      <p className="text-xs text-zinc-500">Clusters and namespaces narrow the key&apos;s Kubernetes reach; it never reaches more than you can.</p>
      <Button type="submit" disabled={create.isPending || !form.name.trim()}>
        Create key
      </Button>
    </form>
  );
}
