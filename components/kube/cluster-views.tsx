"use client";

import { useQuery } from "@tanstack/react-query";
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
import { EmptyState, Spinner } from "../ui/states";
import { UpdateConsole } from "../executions/update-console";
import { Button } from "../ui/button";
import { KUBE_FALLBACK_POLL_MS } from "./types";
import { CreateManifest } from "./yaml-editor";
import { useKubeAction } from "./use-kube-action";

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
    <Card title="Create a resource" actions={open ? null : <Button variant="secondary" onClick={() => setOpen(true)}>Create from YAML</Button>}>
      {open ? (
        <CreateManifest pending={action.pending} onClose={() => setOpen(false)} onApply={(manifest) => (action.run({ kind: "k8s.create", manifest }), setOpen(false))} />
      ) : (
        <p className="text-sm text-zinc-500">Paste or write a manifest, review it, and the cluster&apos;s agent creates it. Each creation is an audited Update and a timeline event.</p>
      )}
      {action.updateId ? <div className="mt-4"><UpdateConsole key={action.updateId} updateId={action.updateId} /></div> : null}
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
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {data.map((n) => (
          <li key={n.name} className="flex items-center gap-2 py-2 text-sm">
            <span className="font-medium">{n.name}</span>
            <Badge tone={n.ready ? "green" : "red"}>{n.ready ? "Ready" : "NotReady"}</Badge>
            {!n.schedulable ? <Badge tone="amber">cordoned</Badge> : null}
            <span className="ml-auto text-xs text-zinc-500">{n.conditions.filter((c) => c.type !== "Ready" && c.status === "True").map((c) => c.type).join(", ")}</span>
            {n.allowed.includes("cordon") ? (
              <Button variant="secondary" disabled={action.pending} onClick={() => action.run({ kind: "k8s.cordon", node: n.name, unschedulable: n.schedulable })}>
                {n.schedulable ? "Cordon" : "Uncordon"}
              </Button>
            ) : null}
            {n.allowed.includes("drain") ? (
              <Button variant="danger" disabled={action.pending} onClick={() => action.run({ kind: "k8s.drain", node: n.name, timeoutSeconds: 120 })}>
                Drain
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {action.updateId ? <div className="mt-4"><UpdateConsole key={action.updateId} updateId={action.updateId} /></div> : null}
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
      <table className="w-full text-sm">
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {data.map((j) => (
            <tr key={`${j.kind}/${j.namespace}/${j.name}`}>
              <td className="py-2 font-medium">{j.name}</td>
              <td className="py-2 text-xs text-zinc-500">{j.kind}</td>
              <td className="py-2 text-zinc-500">{j.namespace}</td>
              <td className="py-2">
                <Badge tone={j.status === "failed" ? "red" : j.status === "complete" ? "green" : "sky"}>{j.status}</Badge>
              </td>
              <td className="py-2 font-mono text-xs">{j.schedule ?? (j.owner ? `from ${j.owner}` : "")}</td>
              <td className="py-2 text-right">
                {j.canRun ? (
                  <Button variant="secondary" disabled={action.pending} onClick={() => action.run({ kind: j.kind === "CronJob" ? "k8s.triggerCronJob" : "k8s.rerunJob", namespace: j.namespace, name: j.name })}>
                    {j.kind === "CronJob" ? "Trigger now" : "Re-run"}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {action.updateId ? <div className="mt-4"><UpdateConsole key={action.updateId} updateId={action.updateId} /></div> : null}
    </Card>
  );
}
