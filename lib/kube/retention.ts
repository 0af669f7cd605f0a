// The timeline outlives the API server's one hour of Events, for as long as each cluster's
// retention setting says; resolved monitors are kept as long.
import { db } from "../db";
import { clusterConfig } from "../resources/cluster/schema";

export async function pruneTimeline(now = new Date()) {
  const clusters = await db.cluster.findMany({ select: { id: true, config: true } });
  for (const c of clusters) {
    const before = new Date(now.getTime() - clusterConfig.parse(c.config).timelineRetentionDays * 86400_000);
    await db.timelineEvent.deleteMany({ where: { clusterId: c.id, at: { lt: before } } });
    await db.healthMonitor.deleteMany({ where: { clusterId: c.id, resolvedAt: { lt: before } } });
  }
}
