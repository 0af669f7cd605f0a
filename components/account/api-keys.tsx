"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, KeyRound, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/lib/client/api";
import { accountKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import type { ApiKeyRow } from "@/lib/users/types";
import { ApiKeyForm } from "./api-key-form";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { TimeAgo } from "../ui/time";

export function ApiKeys() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: accountKeys.apiKeys, queryFn: () => api<ApiKeyRow[]>(urls.apiKeys.list()) });
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: accountKeys.apiKeys });
  const remove = useApiMutation({
    mutationFn: (id: string) => api(urls.apiKeys.detail(id), { method: "DELETE" }),
    invalidate: [accountKeys.apiKeys],
  });
  return (
    <Card title="API keys">
      <p className="mb-4 text-sm text-zinc-500">
        Send a key as the <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">X-API-KEY</code> header. A key acts as you, capped at its level and, for
        Kubernetes, at its clusters and namespaces. A public-API key only reads /api/v2.
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
          <li key={k.id} className="flex items-start gap-2 py-2 text-sm" data-testid={`api-key-${k.name}`}>
            <KeyRound className="mt-0.5 size-4 shrink-0 text-zinc-400" />
            <div className="min-w-0 flex-1 space-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{k.name}</span>
                <code className="text-xs text-zinc-500">{k.prefix}…</code>
                <Badge tone="blue">{k.maxLevel}</Badge>
                {k.publicApiOnly ? <Badge tone="violet">Public API</Badge> : null}
              </div>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500">
                {k.clusters !== "*" ? <Scope label="clusters" pattern={k.clusters} /> : null}
                {k.namespaces !== "*" ? <Scope label="namespaces" pattern={k.namespaces} /> : null}
                {k.expiresAt ? (
                  <span>
                    expires <TimeAgo at={k.expiresAt} />
                  </span>
                ) : null}
                <span>
                  {k.lastUsedAt ? (
                    <>
                      used <TimeAgo at={k.lastUsedAt} />
                    </>
                  ) : (
                    "never used"
                  )}
                </span>
              </div>
            </div>
            <Button variant="ghost" className="shrink-0" aria-label={`Delete key ${k.name}`} onClick={() => remove.mutate(k.id)}>
              <Trash2 className="size-4" />
            </Button>
          </li>
        ))}
      </ul>
      <ApiKeyForm onCreated={(key) => (setSecret(key), void refresh())} />
    </Card>
  );
}

/** A key's Kubernetes pattern, shown only when it narrows the key (`*` is the default). */
function Scope({ label, pattern }: { label: string; pattern: string }) {
  return (
    <span>
      {label} <code className="rounded bg-zinc-100 px-1 font-mono text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{pattern}</code>
    </span>
  );
}
