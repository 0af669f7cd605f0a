"use client";

import { useState } from "react";
import { api } from "@/lib/client/api";
import { kubeKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";

/** Runs a Kubernetes action and remembers the Update to show its live output. */
export function useKubeAction(clusterId: string) {
  const [updateId, setUpdateId] = useState<string | null>(null);
  const mutation = useApiMutation({
    mutationFn: (payload: object) => api<{ updateId: string }>(urls.kube.actions(), { method: "POST", body: { clusterId, payload } }),
    onSuccess: (r) => setUpdateId(r.updateId),
    invalidate: [kubeKeys.all],
  });
  return { run: mutation.mutate, pending: mutation.isPending, updateId };
}
