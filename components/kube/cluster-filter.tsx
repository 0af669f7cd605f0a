"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { resourceKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { ResourceView } from "@/lib/resources/view";
import { Select } from "../ui/field";

/**
 * Kubernetes views across clusters: a cluster picker, and whether to show a Cluster column
 * (two clusters may hold the same namespace and name). Within one cluster (its page, or one
 * service's) there is neither.
 */
export function useClusterFilter(fixed?: string, withinOne = fixed !== undefined) {
  const [chosen, setChosen] = useState("");
  const { data: clusters = [] } = useQuery({
    queryKey: resourceKeys.list("clusters"),
    queryFn: () => api<ResourceView[]>(urls.resources.list("clusters")),
    enabled: !withinOne,
  });
  const nameOf = (id: string) => clusters.find((c) => c.id === id)?.name ?? "—";
  return {
    clusterId: withinOne ? fixed : chosen || undefined,
    showColumn: !withinOne && !chosen,
    nameOf,
    picker: withinOne ? null : (
      <Select aria-label="Cluster" value={chosen} onChange={(e) => setChosen(e.target.value)} className="w-44">
        <option value="">All clusters</option>
        {clusters.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </Select>
    ),
  };
}
