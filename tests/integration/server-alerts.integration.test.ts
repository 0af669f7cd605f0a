// Threshold alerts open after two samples over a threshold and resolve when back under.
import { beforeEach, expect, it } from "vitest";
import { recordStats } from "@/lib/agents/stats";
import { db } from "@/lib/db";
import type { StatsSample } from "@/lib/protocol/agent";
import { createResource } from "@/lib/resources/write";
import { makeUser, resetDb } from "../helpers/db";

const sample = (cpuPercent: number): StatsSample => ({
  at: new Date().toISOString(),
  cpuPercent,
  load: [0, 0, 0],
  memTotalBytes: 100,
  memUsedBytes: 10,
  disks: [{ mount: "/", totalBytes: 100, usedBytes: 10 }],
  netRxBytes: 0,
  netTxBytes: 0,
});

const openCpu = (serverId: string) => db.alert.findMany({ where: { type: "ServerCpu", targetId: serverId, resolvedAt: null } });

beforeEach(resetDb);

it("opens a CPU alert on the second sample over the threshold, not the first, and resolves it", async () => {
  const admin = await makeUser({ admin: true });
  const server = await createResource(admin.actor, "server", { name: "hot", config: { cpuWarning: 70, cpuCritical: 90 } });
  await recordStats(server.id, sample(95));
  expect(await openCpu(server.id)).toHaveLength(0);
  await recordStats(server.id, sample(96));
  const [alert] = await openCpu(server.id);
  expect(alert.severity).toBe("critical");
  expect(alert.message).toContain("hot");
  await recordStats(server.id, sample(97));
  expect(await openCpu(server.id)).toHaveLength(1); // one alert per problem, not one per sample
  await recordStats(server.id, sample(20));
  expect(await openCpu(server.id)).toHaveLength(0);
  expect(await db.serverStat.count({ where: { serverId: server.id } })).toBe(4);
});
