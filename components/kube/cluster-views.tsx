"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import type { KubeAction } from "@/lib/authz/kube";
import { api } from "@/lib/client/api";
import { kubeKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { KubeJobView, KubeNodeView } from "@/lib/kube/types";
import type { ResourceView } from "@/lib/resources/view";
import { AgentCard } from "../servers/server-overview";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { LazyDataTable } from "../ui/lazy-data-table";
import { EmptyState, Spinner } from "../ui/states";
import { UpdateConsole } from "../executions/update-console";
import { Button } from "../ui/button";
import { KUBE_FALLBACK_POLL_MS } from "./types";
import { useKubeAction } from "./use-kube-action";

// Opened by "Create from YAML": the editor, its YAML parser and diff (and the manifest checks' zod) load then, not with the page.
const CreateManifest = dynamic(() => import("./yaml-editor").then((m) => m.CreateManifest), {
  ssr: false,
  loading: () => <Spinner label="Loading the editor" />,
});

export function ClusterOverview({ resource }: { resource: ResourceView }) {
  const caps = (resource.info as { capabilities?: Record<string, unknown> | null }).capabilities;
  return (
    <div className="space-y-6">
      <AgentCard server={resource} plural="clusters" flags=" --kubeconfig ~/.kube/config --actions-basic --pod-exec" />
      {caps ? (
        <Card title="Agent capabilities (set by its operator)">
          <div className="flex flex-wrap gap-2 text-sm" data-testid="capabilities">
            {(["basic", "advanced", "podExec"] as const).map((c) => (
              <Badge key={c} tone={caps[c] ? "green" : "slate"}>
                actions.{c}: {caps[c] ? "on" : "off"}
              </Badge>
            ))}
            <span className="text-zinc-500">Kubernetes {String(caps.serverVersion ?? "")}</span>
          </div>
        </Card>
      ) : null}
      {caps?.advanced ? <CreateFromYaml clusterId={resource.id} /> : null}
    </div>
  );
}

/** `kubectl create -f` in the browser, offered when the user may edit somewhere in the cluster. */
function CreateFromYaml({ clusterId }: { clusterId: string }) {
  const access = useQuery({ queryKey: kubeKeys.access(clusterId), queryFn: () => api<{ actions: KubeAction[] }>(urls.kube.access({ clusterId })) });
  const [open, setOpen] = useState(false);
  const action = useKubeAction(clusterId);
  if (!access.data?.actions.includes("edit")) return null;
  return (
    <Card
      title="Create a resource"
      actions={
        open ? null : (
          <Button variant="secondary" onClick={() => setOpen(true)}>
            Create from YAML
          </Button>
        )
      }
    >
      {open ? (
        <CreateManifest
          pending={action.pending}
          onClose={() => setOpen(false)}
          onApply={(manifest) => (action.run({ kind: "k8s.create", manifest }), setOpen(false))}
        />
      ) : (
        <p className="text-sm text-zinc-500">
          Paste or write a manifest, review it, and the cluster&apos;s agent creates it. Each creation is an audited Update and a timeline event.
        </p>
      )}
      {action.updateId ? (
        <div className="mt-4">
          <UpdateConsole key={action.updateId} updateId={action.updateId} />
        </div>
      ) : null}
    </Card>
  );
}

export function ClusterNodes({ resource }: { resource: ResourceView }) {
  const { data, isLoading } = useQuery({
    queryKey: kubeKeys.nodes(resource.id),
    queryFn: () => api<KubeNodeView[]>(urls.kube.nodes({ clusterId: resource.id })),
    refetchInterval: KUBE_FALLBACK_POLL_MS,
  });
  const action = useKubeAction(resource.id);
  if (isLoading) return <Spinner />;
  if (!data?.length) return <EmptyState title="No nodes seen yet" />;
  return (
    <Card title="Nodes">
      <LazyDataTable
        bare
        data={data}
        rowKey={(n) => n.name}
        testId="nodes"
        pageSize={false}
        columns={[
          { id: "name", header: "Node", sortValue: (n) => n.name, cell: (n) => n.name, className: "font-medium" },
          {
            id: "status",
            header: "Status",
            sortValue: (n) => (n.ready ? 1 : 0),
            cell: (n) => (
              <span className="flex items-center gap-2">
                <Badge tone={n.ready ? "green" : "red"}>{n.ready ? "Ready" : "NotReady"}</Badge>
                {!n.schedulable ? <Badge tone="amber">cordoned</Badge> : null}
              </span>
            ),
          },
          {
            id: "conditions",
            header: "Conditions",
            cell: (n) =>
              n.conditions
                .filter((c) => c.type !== "Ready" && c.status === "True")
                .map((c) => c.type)
                .join(", "),
            className: "text-xs text-zinc-500",
          },
          {
            id: "actions",
            header: <span className="sr-only">Actions</span>,
            headerClassName: "text-right",
            className: "space-x-2 whitespace-nowrap text-right",
            cell: (n) => (
              <>
                {n.allowed.includes("cordon") ? (
                  <Button
                    variant="secondary"
                    disabled={action.pending}
                    onClick={() => action.run({ kind: "k8s.cordon", node: n.name, unschedulable: n.schedulable })}
                  >
                    {n.schedulable ? "Cordon" : "Uncordon"}
                  </Button>
                ) : null}
                {n.allowed.includes("drain") ? (
                  <Button variant="danger" disabled={action.pending} onClick={() => action.run({ kind: "k8s.drain", node: n.name, timeoutSeconds: 120 })}>
                    Drain
                  </Button>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {action.updateId ? (
        <div className="mt-4">
          <UpdateConsole key={action.updateId} updateId={action.updateId} />
        </div>
      ) : null}
    </Card>
  );
}

export function ClusterJobs({ resource }: { resource: ResourceView }) {
  const { data, isLoading } = useQuery({
    queryKey: kubeKeys.jobs(resource.id),
    queryFn: () => api<KubeJobView[]>(urls.kube.jobs({ clusterId: resource.id })),
    refetchInterval: KUBE_FALLBACK_POLL_MS,
  });
  const action = useKubeAction(resource.id);
  if (isLoading) return <Spinner />;
  if (!data?.length) return <EmptyState title="No Jobs or CronJobs" />;
  return (
    <Card title="Jobs and CronJobs">
      <LazyDataTable
        bare
        data={data}
        rowKey={(j) => `${j.kind}/${j.namespace}/${j.name}`}
        testId="jobs"
        columns={[
          { id: "name", header: "Name", sortValue: (j) => j.name, cell: (j) => j.name, className: "font-medium" },
          { id: "kind", header: "Kind", sortValue: (j) => j.kind, cell: (j) => j.kind, className: "text-xs text-zinc-500" },
          { id: "namespace", header: "Namespace", sortValue: (j) => j.namespace, cell: (j) => j.namespace, className: "text-zinc-500" },
          {
            id: "status",
            header: "Status",
            sortValue: (j) => j.status,
            cell: (j) => <Badge tone={j.status === "failed" ? "red" : j.status === "complete" ? "green" : "sky"}>{j.status}</Badge>,
          },
          { id: "schedule", header: "Schedule", cell: (j) => j.schedule ?? (j.owner ? `from ${j.owner}` : ""), className: "font-mono text-xs" },
          {
            id: "actions",
            header: <span className="sr-only">Actions</span>,
            className: "text-right",
            cell: (j) =>
              j.canRun ? (
                <Button
                  variant="secondary"
                  disabled={action.pending}
                  onClick={() => action.run({ kind: j.kind === "CronJob" ? "k8s.triggerCronJob" : "k8s.rerunJob", namespace: j.namespace, name: j.name })}
                >
                  {j.kind === "CronJob" ? "Trigger now" : "Re-run"}
                </Button>
              ) : null,
          },
        ]}
      />
      {action.updateId ? (
        <div className="mt-4">
          <UpdateConsole key={action.updateId} updateId={action.updateId} />
        </div>
      ) : null}
    </Card>
  );
}
