import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";

export const clusterConfig = z
  .object({
    region: z.string().max(64).default(""),
    /** Namespaces the catalog ignores (e.g. kube-system). */
    ignoredNamespaces: z.array(z.string().min(1).max(63)).max(64).default([]),
    timelineRetentionDays: z.number().int().min(1).max(365).default(30),
    shellIdleTimeoutMinutes: z.number().int().min(1).max(240).default(5),
  })
  .strict();

export const cluster = defineResourceType({
  ...TYPE_NAMES.cluster,
  table: "Cluster",
  description: "A Kubernetes cluster, connected through the agent in cluster mode.",
  config: clusterConfig,
  summary: (c) => [
    ["Region", c.region || "—"],
    ["Retention", `${c.timelineRetentionDays} d`],
  ],
});
