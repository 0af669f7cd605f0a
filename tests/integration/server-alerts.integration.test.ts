// Threshold alerts open after two samples over a threshold and resolve when back under.
import { beforeEach, expect, it } from "vitest";
import { db } from "@/lib/db";
import { flushStats, recordAgentStats, recordStats, stats } from "@/lib/servers/stats";
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
  expect(alert?.severity).toBe("critical");
  expect(alert?.message).toContain("hot");
  await recordStats(server.id, sample(97));
  expect(await openCpu(server.id)).toHaveLength(1); // one alert per problem, not one per sample
  await recordStats(server.id, sample(20));
  expect(await openCpu(server.id)).toHaveLength(0);
  expect(await db.serverStat.count({ where: { serverId: server.id } })).toBe(4);
});

it("downsamples a week of samples in the database to about 400 points, keeping each bucket's average CPU", async () => {
  const admin = await makeUser({ admin: true });
  const server = await createResource(admin.actor, "server", { name: "busy" });
  const week = 7 * 86400_000;
  const start = Date.now() - week + 60_000;
  // 20,000 samples over the week; CPU alternates 0/100 so every bucket's average is about 50.
  const rows = Array.from({ length: 20_000 }, (_, i) => {
    const at = new Date(start + Math.floor((i * (week - 120_000)) / 20_000));
    return { serverId: server.id, at, sample: { ...sample(i % 2 ? 100 : 0), at: at.toISOString(), memUsedBytes: i } };
  });
  for (let i = 0; i < rows.length; i += 5000) await db.serverStat.createMany({ data: rows.slice(i, i + 5000) });

  const points = await stats(server.id, "7d");
  expect(points.length).toBeGreaterThan(300);
  expect(points.length).toBeLessThanOrEqual(401);
  const times = points.map((p) => Date.parse(p.at));
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  for (const p of points.slice(1, -1)) expect(p.cpuPercent).toBeGreaterThan(30);
  for (const p of points.slice(1, -1)) expect(p.cpuPercent).toBeLessThan(70);
  // The last sample of the range is the last point: the chart ends at "now".
  expect(points.at(-1)?.memUsedBytes).toBe(19_999);
});

it("stores a fleet's samples in batches: none lost, in order, each with its server's latest sample in its info", async () => {
  const admin = await makeUser({ admin: true });
  const agent = await db.agent.create({ data: { name: "fleet-agent" } });
  const server = await createResource(admin.actor, "server", { name: "fleet-host" });
  await db.server.update({ where: { id: server.id }, data: { agentId: agent.id } });
  const samples = Array.from({ length: 50 }, (_, i) => ({ ...sample(i), at: new Date(Date.now() + i * 1000).toISOString() }));
  for (const s of samples) await recordAgentStats(agent.id, s);
  await flushStats();
  const rows = await db.serverStat.findMany({ where: { serverId: server.id }, orderBy: { id: "asc" } });
  expect(rows.map((r) => (r.sample as StatsSample).cpuPercent)).toEqual(samples.map((s) => s.cpuPercent));
  const info = (await db.server.findUniqueOrThrow({ where: { id: server.id } })).info as { lastStats?: StatsSample };
  expect(info.lastStats?.cpuPercent).toBe(49);
});
