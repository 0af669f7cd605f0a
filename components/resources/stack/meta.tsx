import { Layers } from "lucide-react";
import type { StackInfo } from "@/lib/resources/stack/info";
import type { ResourceTypeUi } from "../registry";
import { ServerName } from "../server-name";
import { ContainerStateBadge } from "../state-badges";

/** A stack's state at a glance: its services' state when they agree, else how many run. */
function StackState({ services }: { services: Record<string, string> }) {
  const states = Object.values(services);
  if (!states.length) return <ContainerStateBadge />;
  const running = states.filter((s) => s === "running").length;
  if (new Set(states).size === 1) return <ContainerStateBadge state={states[0]} />;
  return (
    <span className="flex items-center gap-1.5">
      <ContainerStateBadge state={running ? "restarting" : "exited"} />
      <span className="text-xs text-zinc-500">
        {running}/{states.length} running
      </span>
    </span>
  );
}

export const stackUi: ResourceTypeUi = {
  icon: Layers,
  navGroup: "Docker",
  columns: [
    { label: "State", cell: (r) => <StackState services={(r.info as StackInfo).services ?? {}} /> },
    { label: "Server", cell: (r) => <ServerName id={(r.config as { serverId?: string }).serverId} /> },
  ],
};
