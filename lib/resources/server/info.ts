// What a Server's `info` holds: its agent's status and the last stats sample (lib/agents/).
// Pure types: the UI reads the same shape.
import type { Metric } from "../../servers/stats-series";
import type { StatsSample } from "../../protocol/agent";

export interface ServerInfo {
  status?: "ok" | "unreachable";
  agentVersion?: string;
  hostname?: string;
  since?: string;
  /** Why the agent is unreachable. */
  reason?: string;
  lastStats?: StatsSample;
  /** Consecutive samples over each alert threshold. */
  overCount?: Partial<Record<Metric, number>>;
}
