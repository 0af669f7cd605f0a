"use client";

// The data behind a panel about one resource (a Procedure's schedule, an Alerter's deliveries):
// read every 10 s, since it changes on its own time, and again as soon as the resource is saved.
import { useQuery, type QueryKey } from "@tanstack/react-query";
import { useEffect } from "react";
import { api } from "@/lib/client/api";
import type { ResourceView } from "@/lib/resources/view";

export function useResourcePanel<T>(queryKey: QueryKey, url: string, resource: ResourceView) {
  const query = useQuery({ queryKey, queryFn: () => api<T>(url), refetchInterval: 10_000 });
  const { refetch } = query;
  useEffect(() => {
    void refetch();
  }, [resource.updatedAt, refetch]);
  return query;
}
