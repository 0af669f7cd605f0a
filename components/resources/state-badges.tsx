// The state badges lists and overview pages share: light, so list columns can use them
// without pulling the overview pages (and their charts) into the list's bundle.
import type { ServerInfo } from "@/lib/resources/server/info";
import { Badge, type Tone } from "../ui/badge";

export function ServerStatusBadge({ info, enabled = true }: { info: ServerInfo; enabled?: boolean }) {
  if (!enabled) return <Badge tone="slate">Disabled</Badge>;
  if (info.status === "ok") return <Badge tone="green">Connected</Badge>;
  if (info.status === "unreachable") return <Badge tone="red">Unreachable</Badge>;
  return <Badge tone="slate">No agent yet</Badge>;
}

const STATE_TONES: Record<string, Tone> = {
  running: "green",
  restarting: "amber",
  paused: "amber",
  exited: "red",
  dead: "red",
  created: "sky",
  removed: "slate",
};

export function ContainerStateBadge({ state }: { state?: string }) {
  return <Badge tone={STATE_TONES[state ?? ""] ?? "slate"}>{state ? state[0]!.toUpperCase() + state.slice(1) : "Not deployed"}</Badge>;
}
