"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, type ReactNode } from "react";
import { api } from "@/lib/client/api";
import { serverKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { Inventory } from "@/lib/servers/inventory";
import type { ResourceView } from "@/lib/resources/view";
import { ExecutionBar } from "../executions/execution-bar";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { cn } from "../ui/cn";
import type { RowData } from "@tanstack/react-table";
import { DataTable, type DataColumn } from "../ui/data-table";
import { ErrorState, Spinner } from "../ui/states";
import { formatBytes } from "../ui/stat";
import { useInventoryDelete, type DeleteTarget } from "./inventory-delete";

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

/** The columns plus a last one holding the row's delete button. */
function withDelete<T extends RowData>(columns: DataColumn<T>[], target: (row: T) => DeleteTarget, button: (t: DeleteTarget) => ReactNode): DataColumn<T>[] {
  return [...columns, { id: "delete", header: "", cell: (row) => button(target(row)), className: "w-px text-right" }];
}

export function ServerInventory({ resource }: { resource: ResourceView }) {
  const query = useQuery({ queryKey: serverKeys.inventory(resource.id), queryFn: () => api<Inventory>(urls.servers.inventory(resource.id)) });
  const deletes = useInventoryDelete(resource.id, resource.access.level);
  const { button } = deletes;
  const columns = useMemo(
    () => ({
      images: withDelete(IMAGES, (i) => ({ what: "image", ref: i.id, label: i.tags.join(", ") || i.id.slice(7, 19) }), button),
      networks: withDelete(NETWORKS, (n) => ({ what: "network", ref: n.id, label: n.name }), button),
      volumes: withDelete(VOLUMES, (v) => ({ what: "volume", ref: v.name, label: v.name }), button),
    }),
    [button],
  );
  return (
    <div className="space-y-6">
      <ExecutionBar type="server" id={resource.id} name={resource.name} level={resource.access.level} />
      {deletes.panel}
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
            <DataTable bare data={query.data.images} columns={columns.images} rowKey={(i) => i.id} testId="inventory-images" />
          </Card>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title={`Networks (${query.data.networks.length})`}>
              <DataTable bare data={query.data.networks} columns={columns.networks} rowKey={(n) => n.id} testId="inventory-networks" />
            </Card>
            <Card title={`Volumes (${query.data.volumes.length})`}>
              <DataTable bare data={query.data.volumes} columns={columns.volumes} rowKey={(v) => v.name} testId="inventory-volumes" />
            </Card>
          </div>
        </>
      ) : null}
    </div>
  );
}
