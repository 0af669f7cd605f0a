"use client";

import { useQuery } from "@tanstack/react-query";
import { PlugZap, Unplug } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { resourceKeys, serverKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { atLeast } from "@/lib/authz/permissions";
import { STATS_RANGES, type StatsRange } from "@/lib/servers/stats-series";
import type { AlertPage } from "@/lib/alerts/types";
import type { ResourceView } from "@/lib/resources/view";
import type { StatsSample } from "@/lib/protocol/agent";
import type { ServerInfo } from "@/lib/resources/server/info";
import { ServerStatusBadge } from "../resources/state-badges";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { cn } from "../ui/cn";
import { formatBytes, Stat } from "../ui/stat";
import { TimeAgo } from "../ui/time";

// uPlot comes with the chart, on Server pages only.
const StatsChart = dynamic(() => import("./stats-chart").then((m) => m.StatsChart), {
  ssr: false,
  loading: () => <div className="h-[17rem] animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-900" />,
});

/** The agent of a Server or a Cluster: status, version, enrollment and revocation. */
export function AgentCard({ server, plural = "servers", flags = "" }: { server: ResourceView; plural?: "servers" | "clusters"; flags?: string }) {
  const info = server.info as ServerInfo;
  const [token, setToken] = useState<string | null>(null);
  const [expiresAt, setExpiresAt] = useState<string | null>(null);
  const canWrite = atLeast(server.access.level, "Write");
  const enroll = useApiMutation({
    mutationFn: () => api<{ token: string; expiresAt: string }>(urls.resources.agent(plural, server.id), { method: "POST" }),
    onSuccess: (r) => (setToken(r.token), setExpiresAt(r.expiresAt)),
  });
  const revoke = useApiMutation({
    mutationFn: () => api(urls.resources.agent(plural, server.id), { method: "DELETE" }),
    successToast: "Agent revoked and disconnected",
    invalidate: [resourceKeys.detail(plural, server.id)],
  });
  const command = token ? `npm run agent -- --core ${typeof window === "undefined" ? "" : window.location.origin} --token ${token}${flags}` : "";
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          Agent <ServerStatusBadge info={info} />
        </span>
      }
      actions={
        canWrite ? (
          <>
            <Button variant="secondary" onClick={() => enroll.mutate()} disabled={enroll.isPending}>
              <PlugZap className="size-4" /> {info.status ? "New enrollment token" : "Connect an agent"}
            </Button>
            {info.status ? (
              <Button variant="ghost" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
                <Unplug className="size-4" /> Revoke
              </Button>
            ) : null}
          </>
        ) : null
      }
    >
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-zinc-500">Host</dt>
          <dd className="font-medium">{info.hostname ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">Agent version</dt>
          <dd className="font-medium" data-testid="agent-version">
            {info.agentVersion ?? "—"}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">{info.status === "unreachable" ? "Unreachable since" : "Connected since"}</dt>
          <dd className="font-medium">{info.since ? <TimeAgo at={info.since} /> : "—"}</dd>
        </div>
        {info.status === "unreachable" && info.reason ? (
          <div>
            <dt className="text-xs text-zinc-500">Reason</dt>
            <dd className="font-medium text-red-600 dark:text-red-400">{info.reason}</dd>
          </div>
        ) : null}
      </dl>
      {token ? (
        <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <p className="font-medium text-amber-900 dark:text-amber-200">
            Run this on the host (from a Wheelhouse checkout). The token works once, until{" "}
            {expiresAt ? new Date(expiresAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "it expires"}, and is not shown again.
          </p>
          <code className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900" data-testid="enroll-command">
            {command}
          </code>
        </div>
      ) : null}
    </Card>
  );
}

function StatsCard({ server }: { server: ResourceView }) {
  const [range, setRange] = useState<StatsRange>("1h");
  const { data: samples = [] } = useQuery({
    queryKey: serverKeys.stats(server.id, range),
    queryFn: () => api<StatsSample[]>(urls.servers.stats(server.id, range)),
    refetchInterval: 5_000,
  });
  const last = samples[samples.length - 1];
  return (
    <Card
      title="Host statistics"
      actions={
        <div className="flex rounded-md ring-1 ring-zinc-300 dark:ring-zinc-700" role="group" aria-label="Range">
          {(Object.keys(STATS_RANGES) as StatsRange[]).map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={range === r}
              onClick={() => setRange(r)}
              className={cn(
                "px-2.5 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md",
                range === r ? "bg-indigo-600 text-white" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
              )}
            >
              {r}
            </button>
          ))}
        </div>
      }
    >
      {last ? (
        <div className="space-y-4">
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat label="Load" value={last.load.map((l) => l.toFixed(2)).join(" ")} />
            <Stat label="Memory" value={`${formatBytes(last.memUsedBytes)} / ${formatBytes(last.memTotalBytes)}`} />
            <Stat label="Network in" value={formatBytes(last.netRxBytes)} hint="since boot" />
            <Stat label="Network out" value={formatBytes(last.netTxBytes)} hint="since boot" />
          </div>
          <StatsChart samples={samples} rangeSeconds={STATS_RANGES[range]} />
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-1 font-medium">Mount</th>
                <th className="py-1 font-medium">Used</th>
                <th className="py-1 font-medium">Size</th>
              </tr>
            </thead>
            <tbody>
              {last.disks.map((d) => (
                <tr key={d.mount} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-1 font-mono text-xs">{d.mount}</td>
                  <td className="py-1">{d.totalBytes ? `${((100 * d.usedBytes) / d.totalBytes).toFixed(0)}%` : "—"}</td>
                  <td className="py-1">{formatBytes(d.totalBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-zinc-500">No samples in this range yet. The agent sends one every 5 seconds once connected.</p>
      )}
    </Card>
  );
}

function AlertsCard({ server }: { server: ResourceView }) {
  const { data: alerts = [] } = useQuery({
    queryKey: serverKeys.alerts(server.id),
    queryFn: async () => (await api<AlertPage>(urls.alerts.list({ state: "open", targetType: "server", targetId: server.id }))).items,
    refetchInterval: 10_000,
  });
  if (alerts.length === 0) return null;
  return (
    <Card title={`Open alerts (${alerts.length})`}>
      <ul className="space-y-2" data-testid="server-alerts">
        {alerts.map((a) => (
          <li key={a.id} className="flex items-center gap-2 text-sm">
            <Badge tone={a.severity === "critical" ? "red" : "amber"}>{a.type}</Badge>
            <span>{a.message}</span>
            <span className="ml-auto text-xs text-zinc-500">
              <TimeAgo at={a.openedAt} />
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function ServerOverview({ resource }: { resource: ResourceView }) {
  return (
    <div className="space-y-6">
      <AlertsCard server={resource} />
      <AgentCard server={resource} />
      <StatsCard server={resource} />
    </div>
  );
}
