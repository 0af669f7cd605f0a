"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/lib/client/api";
import { kubeKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";

/** Runs a Kubernetes action and remembers the Update to show its live output. */
export function useKubeAction(clusterId: string) {
  const queryClient = useQueryClient();
  const [updateId, setUpdateId] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (payload: object) => api<{ updateId: string }>(urls.kube.actions(), { method: "POST", body: { clusterId, payload } }),
    onSuccess: (r) => {
      setUpdateId(r.updateId);
      void queryClient.invalidateQueries({ queryKey: kubeKeys.all });
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
  return { run: mutation.mutate, pending: mutation.isPending, updateId };
}
