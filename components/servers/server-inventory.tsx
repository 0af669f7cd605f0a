"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import { serverKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { Inventory } from "@/lib/executions/server";
import type { ResourceView } from "@/lib/resources/view";
import { ExecutionBar } from "../executions/execution-bar";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { ErrorState, Spinner } from "../ui/states";
import { formatBytes } from "../ui/stat";

function Table({ head, rows }: { head: string[]; rows: React.ReactNode[][] }) {
  return (
    <table className="w-full text-sm">
      <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
        <tr>{head.map((h) => <th key={h} className="py-1.5 pr-3 font-medium">{h}</th>)}</tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {rows.map((r, i) => (
          <tr key={i}>{r.map((c, j) => <td key={j} className="max-w-xs truncate py-1.5 pr-3">{c}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}

export function ServerInventory({ resource }: { resource: ResourceView }) {
  const query = useQuery({ queryKey: serverKeys.inventory(resource.id), queryFn: () => api<Inventory>(urls.servers.inventory(resource.id)) });
  return (
    <div className="space-y-6">
      <ExecutionBar type="server" id={resource.id} name={resource.name} level={resource.access.level} />
      {query.isLoading ? <Spinner label="Asking the agent" /> : query.isError ? <ErrorState error={query.error} retry={() => void query.refetch()} /> : query.data ? (
        <>
          <Card title={`Containers (${query.data.containers.length})`}>
            <Table
              head={["Name", "Image", "State", "Status"]}
              rows={query.data.containers.map((c) => [<span key="n" className="font-medium">{c.name}</span>, c.image, <Badge key="s" tone={c.state === "running" ? "green" : c.state === "paused" ? "amber" : "slate"}>{c.state}</Badge>, c.status])}
            />
          </Card>
          <Card title={`Images (${query.data.images.length})`}>
            <Table head={["Tags", "Size", "Id"]} rows={query.data.images.map((i) => [i.tags.join(", ") || "<none>", formatBytes(i.sizeBytes), <code key="i" className="text-xs">{i.id.slice(7, 19)}</code>])} />
          </Card>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title={`Networks (${query.data.networks.length})`}>
              <Table head={["Name", "Driver"]} rows={query.data.networks.map((n) => [n.name, n.driver])} />
            </Card>
            <Card title={`Volumes (${query.data.volumes.length})`}>
              <Table head={["Name", "Driver"]} rows={query.data.volumes.map((v) => [v.name, v.driver])} />
            </Card>
          </div>
        </>
      ) : null}
    </div>
  );
}
