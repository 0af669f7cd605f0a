// What a Deployment's `info` holds: runtime state written by executions and container events
// (lib/resources/info.ts merges it). Pure types: the UI reads the same shape.
import type { z } from "zod";
import type { deploymentConfig } from "./schema";

export type DeploymentConfig = z.infer<typeof deploymentConfig>;

/** A successful deploy: the config it ran (redaction and rollback read it). */
export interface DeployedRecord {
  config: DeploymentConfig;
  /** The image it ran, resolved (a Build's version rather than "latest"); older records lack it. */
  image?: string;
  at: string;
  updateId: string;
}

export interface DeploymentInfo {
  /** The container's state as Docker last reported it (running, exited, …). */
  state?: string;
  stateAt?: string;
  deployed?: DeployedRecord;
  previousDeployed?: DeployedRecord | null;
  /** The last deploys, newest first. */
  history?: DeployedRecord[];
}
