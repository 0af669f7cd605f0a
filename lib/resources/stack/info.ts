// What a Stack's `info` holds (lib/resources/info.ts merges it). Pure types: the UI reads the same shape.
import type { z } from "zod";
import type { stackConfig } from "./schema";

export type StackConfig = z.infer<typeof stackConfig>;

export interface StackInfo {
  /** Each compose service's container state as Docker last reported it. */
  services?: Record<string, string>;
  /** What was last deployed: its logs are redacted by the secrets this config used (executions/logs.ts). */
  deployed?: { config: StackConfig; at: string; updateId: string };
  previousDeployed?: StackInfo["deployed"] | null;
}
