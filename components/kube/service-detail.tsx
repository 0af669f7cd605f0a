"use client";

import { useQuery } from "@tanstack/react-query";
import { Ship } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { kubeKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { KubeAction } from "@/lib/authz/kube";
import { ContainerLogs } from "../executions/container-logs";
import { UpdateConsole } from "../executions/update-console";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { LazyDataTable } from "../ui/lazy-data-table";
import { OpenTerminalButton } from "../terminal/open-terminal-button";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, PageHeader } from "../ui/card";
import { Input } from "../ui/field";
import { ErrorState, Spinner } from "../ui/states";
import { TabPanel, Tabs, useTabsId } from "../ui/tabs";
import { Monitors } from "./monitors";
import { Timeline } from "./timeline";
import type { PodView, ServiceDetail } from "@/lib/kube/types";
import { KUBE_FALLBACK_POLL_MS } from "./types";
import { useKubeAction } from "./use-kube-action";

// Opened by "Edit YAML": the editor, its YAML parser and diff (and the manifest checks' zod) load then, not with the page.
const YamlEditor = dynamic(() => import("./yaml-editor").then((m) => m.YamlEditor), { ssr: false, loading: () => <Spinner label="Loading the editor" /> });

export function ServiceDetail({ uid }: { uid: string }) {
  const query = useQuery({ queryKey: kubeKeys.pods(uid), queryFn: () => api<ServiceDetail>(urls.kube.service(uid)), refetchInterval: KUBE_FALLBACK_POLL_MS });
  const [tab, setTab] = useState<"timeline" | "pods" | "health">("timeline");
  const tabsId = useTabsId();
  const [replicas, setReplicas] = useState("");
  const [logsOf, setLogsOf] = useState<PodView | null>(null);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const { run, pending, updateId } = useKubeAction(query.data?.service.clusterId ?? "");
  if (query.isLoading) return <Spinner />;
  if (query.isError || !query.data) return <ErrorState error={query.error} />;
  const { service, pods, autoscaler, allowed, capabilities } = query.data;
  const target = { kind: service.kind, namespace: service.namespace, name: service.name };
  const can = (a: KubeAction, cap: "basic" | "advanced" | "podExec" = "basic") => allowed.includes(a) && Boolean(capabilities?.[cap]);
  const canScale = can("scale") && service.kind !== "DaemonSet"; // a DaemonSet runs one pod per node
  return (
    <div className="space-y-6">
      <PageHeader
        icon={<Ship className="size-5" />}
        title={
          <span className="flex items-center gap-2">
            {service.name} <Badge tone={service.status === "healthy" ? "green" : "red"}>{service.status}</Badge>
          </span>
        }
        description={
          <>
            {service.kind} in{" "}
            <Link href={`/clusters/${service.clusterId}`} className="text-indigo-600 hover:underline dark:text-indigo-400">
              {service.cluster}
            </Link>{" "}
            / {service.namespace}
            {service.reason ? ` · ${service.reason}` : ""}
          </>
        }
      />
      <Card title="Overview">
        <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-xs text-zinc-500">Replicas</dt>
            <dd className="font-medium tabular-nums" data-testid="replicas">
              {service.replicas.ready}/{service.replicas.desired} ready
            </dd>
          </div>
          <div className="col-span-2">
            <dt className="text-xs text-zinc-500">Images</dt>
            <dd className="font-mono text-xs">{service.images.join(", ")}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">Last deploy</dt>
            <dd>{service.lastDeploy ? `${service.lastDeploy.status}, ${new Date(service.lastDeploy.startTime).toLocaleString()}` : "—"}</dd>
          </div>
          {autoscaler ? (
            <div className="col-span-2" data-testid="autoscaler">
              <dt className="text-xs text-zinc-500">Autoscaler</dt>
              <dd>
                HorizontalPodAutoscaler <span className="font-medium">{autoscaler.name}</span>: {autoscaler.minReplicas}–{autoscaler.maxReplicas} replicas
                {autoscaler.lastScaleTime ? `, last scaled ${new Date(autoscaler.lastScaleTime).toLocaleString()}` : ""}
              </dd>
            </div>
          ) : null}
        </dl>
        <div className="flex flex-wrap items-end gap-2">
          {canScale ? (
            <form className="flex items-end gap-2" onSubmit={(e) => (e.preventDefault(), run({ kind: "k8s.scale", target, replicas: Number(replicas) }))}>
              <Input
                aria-label="Replicas"
                type="number"
                min={0}
                className="w-24"
                placeholder={String(service.replicas.desired)}
                value={replicas}
                onChange={(e) => setReplicas(e.target.value)}
              />
              <Button type="submit" disabled={!replicas || pending}>
                Scale
              </Button>
            </form>
          ) : null}
          {can("restart") ? (
            <Button variant="secondary" onClick={() => run({ kind: "k8s.restart", target })}>
              Restart
            </Button>
          ) : null}
          {can("rollback") ? (
            <Button variant="secondary" onClick={() => run({ kind: "k8s.rollback", target })}>
              Roll back
            </Button>
          ) : null}
          {can("edit", "advanced") ? (
            <Button variant="secondary" onClick={() => setEditing(!editing)}>
              Edit YAML
            </Button>
          ) : null}
          {can("delete", "advanced") ? (
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          ) : null}
          {!capabilities ? <span className="text-sm text-zinc-500">The cluster&apos;s agent is not connected.</span> : null}
        </div>
        {autoscaler && canScale ? (
          // The HPA reconciles spec.replicas on every evaluation, so a manual scale is temporary.
          <p className="mt-2 text-xs text-amber-700 dark:text-amber-400" data-testid="autoscaler-hint">
            Its autoscaler {autoscaler.name} sets the replica count; a manual scale lasts only until its next evaluation. Change the autoscaler&apos;s range
            instead.
          </p>
        ) : null}
        {editing ? (
          <div className="mt-4">
            <YamlEditor
              target={{ clusterId: service.clusterId, kind: service.kind, namespace: service.namespace, name: service.name }}
              pending={pending}
              onClose={() => setEditing(false)}
              onApply={(manifest) => (run({ kind: "k8s.replace", manifest }), setEditing(false))}
            />
          </div>
        ) : null}
        {updateId ? (
          <div className="mt-4">
            <UpdateConsole key={updateId} updateId={updateId} />
          </div>
        ) : null}
      </Card>
      <ConfirmDialog
        open={deleting}
        title={`Delete ${service.kind} ${service.name}?`}
        confirmLabel="Delete"
        pending={pending}
        onCancel={() => setDeleting(false)}
        onConfirm={() => (
          run({
            kind: "k8s.delete",
            apiVersion: service.kind === "Deployment" || service.kind === "StatefulSet" || service.kind === "DaemonSet" ? "apps/v1" : "v1",
            objectKind: service.kind,
            namespace: service.namespace,
            name: service.name,
          }),
          setDeleting(false)
        )}
      >
        Its pods are deleted with it. This is recorded on the timeline.
      </ConfirmDialog>
      <Tabs
        tabs={[
          { id: "timeline", label: "Timeline" },
          { id: "pods", label: `Pods (${pods.length})` },
          { id: "health", label: "Health" },
        ]}
        value={tab}
        onChange={setTab}
        idBase={tabsId}
      />
      <TabPanel idBase={tabsId} value={tab}>
        {tab === "timeline" ? (
          <Timeline komodorUid={uid} />
        ) : tab === "health" ? (
          <Monitors komodorUid={uid} showService={false} />
        ) : (
          <LazyDataTable
            data={pods}
            rowKey={(p) => p.name}
            testId="pods"
            columns={[
              { id: "pod", header: "Pod", sortValue: (p) => p.name, cell: (p) => p.name, className: "font-medium" },
              {
                id: "phase",
                header: "Phase",
                sortValue: (p) => p.phase,
                cell: (p) => <Badge tone={p.phase === "Running" ? "green" : p.phase === "Pending" ? "amber" : "red"}>{p.phase}</Badge>,
              },
              { id: "restarts", header: "Restarts", sortValue: (p) => p.restarts, cell: (p) => p.restarts, className: "tabular-nums" },
              { id: "node", header: "Node", sortValue: (p) => p.node, cell: (p) => p.node ?? "—", className: "text-zinc-500" },
              {
                id: "containers",
                header: "Containers",
                cell: (p) => p.containers.map((c) => `${c.name} (${c.state}${c.ready ? ", ready" : ""})`).join(", "),
                className: "text-xs",
              },
              {
                id: "actions",
                header: <span className="sr-only">Actions</span>,
                className: "space-x-2 whitespace-nowrap text-right",
                cell: (p) => (
                  <>
                    {allowed.includes("logs") ? (
                      <Button variant="ghost" onClick={() => setLogsOf(p)}>
                        Logs
                      </Button>
                    ) : null}
                    {can("delete:pod") ? (
                      <Button variant="ghost" onClick={() => run({ kind: "k8s.deletePod", namespace: service.namespace, name: p.name })}>
                        Delete
                      </Button>
                    ) : null}
                    {can("exec:pod", "podExec") ? (
                      <OpenTerminalButton targetType="pod" clusterId={service.clusterId} namespace={service.namespace} pod={p.name} label="Shell" />
                    ) : null}
                  </>
                ),
              },
            ]}
            footer={
              logsOf ? (
                <div className="border-t border-zinc-200 p-4 dark:border-zinc-800">
                  <p className="mb-2 text-sm font-medium">Logs of {logsOf.name}</p>
                  <ContainerLogs
                    key={logsOf.name}
                    base={urls.kube.logs()}
                    fixed={{ clusterId: service.clusterId, namespace: service.namespace, pod: logsOf.name }}
                    containers={logsOf.containers.map((c) => c.name)}
                  />
                </div>
              ) : null
            }
          />
        )}
      </TabPanel>
    </div>
  );
}
