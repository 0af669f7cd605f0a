// What a Stack's `info` holds (lib/resources/info.ts merges it). Pure types: the UI reads the same shape.
import type { z } from "zod";
import type { stackConfig } from "./schema";

export type StackConfig = z.infer<typeof stackConfig>;

export interface StackInfo {
  /** Each compose service's container state as Docker last reported it. */
  services?: Record<string, string>;
  /** What was last deployed: its logs are redacted by the secrets this config used (executions/logs.ts). */
  deployed?: {
    config: StackConfig;
    at: string;
    updateId: string;
    /** From git: the commit deployed. */
    commit?: string | null;
    commitMessage?: string;
    /** sha256 of the compose files and env deployed (deploy-if-changed compares it). */
    filesHash?: string;
  };
  previousDeployed?: StackInfo["deployed"] | null;
  /** Compose files the last deploy could not find in the repository or host folder. */
  missingFiles?: string[];
}
