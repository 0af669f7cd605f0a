"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import { resourceKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";

/**
 * What the remote's branch points at now, beside what is deployed or checked out ("current"),
 * asked through the agent. Only for people who may run the resource (asking uses its credential).
 */
export function RemoteHead({ plural, id, current }: { plural: "repos" | "builds" | "stacks"; id: string; current?: string | null }) {
  const { data, isPending } = useQuery({
    queryKey: resourceKeys.gitHead(plural, id),
    queryFn: () => api<{ branch: string; hash: string | null; error?: string }>(urls.resources.gitHead(plural, id)),
    staleTime: 30_000,
  });
  if (isPending) return <p className="mb-3 text-sm text-zinc-500">Asking the remote for its latest commit…</p>;
  if (!data || data.error || !data.hash)
    // git's own reason is its last line ("fatal: unable to access …").
    return <p className="mb-3 text-sm text-zinc-500">Latest commit unknown{data?.error ? `: ${data.error.split("\n").filter(Boolean).at(-1)}` : ""}</p>;
  const behind = current && current !== data.hash;
  return (
    <p className="mb-3 text-sm" data-testid="remote-head">
      <span className="text-zinc-500">Latest on {data.branch}</span> <code className="font-mono">{data.hash.slice(0, 12)}</code>{" "}
      {current ? (
        behind ? (
          <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">newer than deployed</span>
        ) : (
          <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">deployed</span>
        )
      ) : null}
    </p>
  );
}
