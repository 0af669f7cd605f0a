import { Server } from "lucide-react";
import { metricValues } from "@/lib/servers/stats-series";
import type { ResourceTypeUi } from "../registry";
import type { ServerInfo } from "@/lib/resources/server/info";
import { ServerStatusBadge } from "../state-badges";

const percent = (metric: "cpu" | "memory" | "disk") => (r: { info: unknown }) => {
  const info = r.info as ServerInfo;
  // Stale numbers from an agent that is gone would mislead: show them only while connected.
  return info.status === "ok" && info.lastStats ? `${metricValues(info.lastStats)[metric].toFixed(0)}%` : "—";
};

export const serverUi: ResourceTypeUi = {
  icon: Server,
  navGroup: "Docker",
  columns: [
    { label: "Status", cell: (r) => <ServerStatusBadge info={r.info as ServerInfo} enabled={(r.config as { enabled?: boolean }).enabled !== false} /> },
    { label: "Agent", cell: (r) => (r.info as ServerInfo).agentVersion ?? "—" },
    { label: "CPU", cell: percent("cpu") },
    { label: "Memory", cell: percent("memory") },
    { label: "Disk", cell: percent("disk") },
  ],
};
