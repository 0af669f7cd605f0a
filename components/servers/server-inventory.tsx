"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import { serverKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { Inventory } from "@/lib/servers/inventory";
import type { ResourceView } from "@/lib/resources/view";
import { ExecutionBar } from "../executions/execution-bar";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { cn } from "../ui/cn";
import { DataTable, type DataColumn } from "../ui/data-table";
import { ErrorState, Spinner } from "../ui/states";
import { formatBytes } from "../ui/stat";

type Row<K extends keyof Inventory> = Inventory[K][number];
const CELL = "max-w-xs truncate";

// Module scope: stable column definitions for DataTable.
const CONTAINERS: DataColumn<Row<"containers">>[] = [
  { id: "name", header: "Name", sortValue: (c) => c.name, cell: (c) => c.name, className: cn(CELL, "font-medium") },
  { id: "image", header: "Image", sortValue: (c) => c.image, cell: (c) => c.image, className: CELL },
  {
    id: "state",
    header: "State",
    sortValue: (c) => c.state,
    cell: (c) => <Badge tone={c.state === "running" ? "green" : c.state === "paused" ? "amber" : "slate"}>{c.state}</Badge>,
  },
  { id: "status", header: "Status", sortValue: (c) => c.status, cell: (c) => c.status, className: CELL },
];
const IMAGES: DataColumn<Row<"images">>[] = [
  { id: "tags", header: "Tags", sortValue: (i) => i.tags.join(", "), cell: (i) => i.tags.join(", ") || "<none>", className: CELL },
  { id: "size", header: "Size", sortValue: (i) => i.sizeBytes, cell: (i) => formatBytes(i.sizeBytes), className: "tabular-nums" },
  { id: "id", header: "Id", cell: (i) => <code className="text-xs">{i.id.slice(7, 19)}</code> },
];
const NETWORKS: DataColumn<Row<"networks">>[] = [
  { id: "name", header: "Name", sortValue: (n) => n.name, cell: (n) => n.name, className: CELL },
  { id: "driver", header: "Driver", sortValue: (n) => n.driver, cell: (n) => n.driver },
];
const VOLUMES: DataColumn<Row<"volumes">>[] = [
  { id: "name", header: "Name", sortValue: (v) => v.name, cell: (v) => v.name, className: CELL },
  { id: "driver", header: "Driver", sortValue: (v) => v.driver, cell: (v) => v.driver },
];

export function ServerInventory({ resource }: { resource: ResourceView }) {
  const query = useQuery({ queryKey: serverKeys.inventory(resource.id), queryFn: () => api<Inventory>(urls.servers.inventory(resource.id)) });
  return (
    <div className="space-y-6">
      <ExecutionBar type="server" id={resource.id} name={resource.name} level={resource.access.level} />
      {query.isLoading ? (
        <Spinner label="Asking the agent" />
      ) : query.isError ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : query.data ? (
        <>
          <Card title={`Containers (${query.data.containers.length})`}>
            <DataTable bare data={query.data.containers} columns={CONTAINERS} rowKey={(c) => c.id} testId="inventory-containers" />
          </Card>
          <Card title={`Images (${query.data.images.length})`}>
            <DataTable bare data={query.data.images} columns={IMAGES} rowKey={(i) => i.id} testId="inventory-images" />
          </Card>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title={`Networks (${query.data.networks.length})`}>
              <DataTable bare data={query.data.networks} columns={NETWORKS} rowKey={(n) => n.id} testId="inventory-networks" />
            </Card>
            <Card title={`Volumes (${query.data.volumes.length})`}>
              <DataTable bare data={query.data.volumes} columns={VOLUMES} rowKey={(v) => v.name} testId="inventory-volumes" />
            </Card>
          </div>
        </>
      ) : null}
    </div>
  );
}
