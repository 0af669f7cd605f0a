"use client";

// A Sync's plan as the page shows it, and executing it. The plan is computed by a POST (a
// refresh), so it is asked for when the page opens and when the user (or a save, or a run's
// end) says so — never on focus or by the live feed. Executing sends the hash of the plan on
// screen: if the world moved on, core refuses (409) and the new plan is fetched and shown for
// review instead; nothing is re-submitted on the user's behalf.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError } from "@/lib/client/api";
import { syncKeys, updateKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import type { SyncPlan } from "@/lib/sync/types";

export function useSyncPlan(syncId: string) {
  const plan = useQuery({
    queryKey: syncKeys.plan(syncId),
    queryFn: () => api<SyncPlan>(urls.syncs.plan(syncId), { method: "POST" }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: false,
  });
  const [updateId, setUpdateId] = useState<string | null>(null);
  /** Set when an execute was refused because the plan had changed: the hash that was refused. */
  const [staleHash, setStaleHash] = useState<string | null>(null);

  const execute = useApiMutation({
    mutationFn: (input: { hash: string; items?: string[] }) =>
      api<{ updateId: string }>(urls.resources.execute("syncs", syncId, "execute"), { method: "POST", body: input }),
    onSuccess: ({ updateId }) => (setStaleHash(null), setUpdateId(updateId)),
    invalidate: [updateKeys.all],
    onError: (e, input) => {
      // 409 is also "nothing to do" or "already running": the banner is shown only when the
      // plan fetched again really differs from the one that was refused.
      if (e instanceof ApiError && e.status === 409)
        void plan.refetch().then((r) => {
          if (r.data && r.data.hash !== input.hash) setStaleHash(input.hash);
        });
    },
  });

  return {
    plan,
    refresh: () => (setStaleHash(null), plan.refetch()),
    execute,
    updateId,
    /** The plan on screen replaced one the user tried to execute. */
    changed: staleHash !== null && plan.data?.hash !== staleHash,
  };
}
