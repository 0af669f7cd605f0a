// A Server's CPU, memory and disk thresholds: two samples in a row over warning or critical
// open an alert, one back under resolves it. The count of samples over lives in the Server's
// info (not memory), so it survives a core restart and works with several cores.
import { closeAlert, openAlert } from "./alerts";
import type { AlertType } from "./kinds";
import type { z } from "zod";
import { metricValues, type Metric } from "../servers/stats-series";
import type { StatsSample } from "../protocol/agent";
import type { serverConfig } from "../resources/server/schema";

const ALERT_TYPE: Record<Metric, AlertType> = { cpu: "ServerCpu", memory: "ServerMemory", disk: "ServerDisk" };
const SAMPLES_BEFORE_ALERT = 2;

/** The level a value is at given thresholds. */
export function levelOf(value: number, warning: number, critical: number): "ok" | "warning" | "critical" {
  return value >= critical ? "critical" : value >= warning ? "warning" : "ok";
}

/** Judges one sample; returns the updated counts of consecutive samples over each threshold. */
export async function judgeThresholds(
  server: { id: string; name: string },
  config: z.infer<typeof serverConfig>,
  sample: StatsSample,
  overCount: Partial<Record<Metric, number>>,
): Promise<Partial<Record<Metric, number>>> {
  const counts = { ...overCount };
  const values = metricValues(sample);
  for (const metric of ["cpu", "memory", "disk"] as const) {
    const level = levelOf(values[metric], config[`${metric}Warning`], config[`${metric}Critical`]);
    if (level === "ok") {
      // Only a metric that was over can have an alert open: a healthy server costs no write per sample.
      if ((counts[metric] ?? 0) > 0) await closeAlert(ALERT_TYPE[metric], { type: "server", id: server.id });
      counts[metric] = 0;
      continue;
    }
    const over = (counts[metric] ?? 0) + 1;
    counts[metric] = over;
    if (over >= SAMPLES_BEFORE_ALERT) {
      await openAlert({
        type: ALERT_TYPE[metric],
        level,
        target: { type: "server", id: server.id, name: server.name },
        message: `${metric} at ${values[metric].toFixed(0)}% on ${server.name} (${level} threshold ${config[`${metric}${level === "critical" ? "Critical" : "Warning"}`]}%)`,
        data: { value: values[metric] },
      });
    }
  }
  return counts;
}
