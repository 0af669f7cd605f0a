"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { api } from "@/lib/client/api";
import { resourceKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { ResourceView } from "@/lib/resources/view";

/** A Server's name from its id, linked, from the (cached, shared) Server list the user may read. */
export function ServerName({ id }: { id: unknown }) {
  const { data } = useQuery({
    queryKey: resourceKeys.list("servers"),
    queryFn: () => api<ResourceView[]>(urls.resources.list("servers")),
    enabled: Boolean(id),
  });
  if (!id) return <>—</>;
  const server = data?.find((s) => s.id === id);
  return server ? (
    <Link href={`/servers/${server.id}`} className="hover:text-indigo-600 dark:hover:text-indigo-400">
      {server.name}
    </Link>
  ) : (
    <>—</>
  );
}
