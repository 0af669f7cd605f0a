// The stats route's `range`: each preset returns the samples of that window (downsampled), and
// anything else is a 400 naming the field, through the real route and its authorization.
import { beforeEach, describe, expect, it } from "vitest";
import * as statsRoute from "@/app/api/v1/[type]/[id]/stats/route";
import { STATS_RANGES } from "@/lib/servers/stats-series";
import { db } from "@/lib/db";
import type { StatsSample } from "@/lib/protocol/agent";
import { createResource } from "@/lib/resources/write";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { call } from "../helpers/routes";

const sample = (at: Date, cpuPercent: number): StatsSample => ({
  at: at.toISOString(),
  cpuPercent,
  load: [0, 0, 0],
  memTotalBytes: 100,
  memUsedBytes: 10,
  disks: [{ mount: "/", totalBytes: 100, usedBytes: 10 }],
  netRxBytes: 0,
  netTxBytes: 0,
});

let admin: TestUser;
let serverId: string;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  serverId = (await createResource(admin.actor, "server", { name: "ranged" })).id;
  // One sample per preset's edge: 5 minutes, 2 hours, 12 hours, 3 days and 10 days ago.
  const ago = [5 * 60, 2 * 3600, 12 * 3600, 3 * 86400, 10 * 86400];
  await db.serverStat.createMany({
    data: ago.map((s, i) => ({ serverId, at: new Date(Date.now() - s * 1000), sample: sample(new Date(Date.now() - s * 1000), i * 10) })),
  });
});

const get = (query: Record<string, string | string[]>) =>
  call(statsRoute, "GET", `/api/v1/servers/${serverId}/stats`, { key: admin.key, params: { type: "servers", id: serverId }, query });

describe("GET /api/v1/servers/:id/stats?range=", () => {
  it("returns the samples inside each preset range, oldest first, and 1h without a range", async () => {
    const cpus = async (query: Record<string, string>) => {
      const res = await get(query);
      expect(res.status, JSON.stringify(query)).toBe(200);
      return (res.json as unknown as StatsSample[]).map((s) => s.cpuPercent);
    };
    expect(await cpus({})).toEqual([0]);
    expect(await cpus({ range: "15m" })).toEqual([0]);
    expect(await cpus({ range: "1h" })).toEqual([0]);
    expect(await cpus({ range: "6h" })).toEqual([10, 0]);
    expect(await cpus({ range: "24h" })).toEqual([20, 10, 0]);
    expect(await cpus({ range: "7d" })).toEqual([30, 20, 10, 0]);
    expect(Object.keys(STATS_RANGES)).toEqual(["15m", "1h", "6h", "24h", "7d"]);
  });

  it.each([["30d"], ["1y"], [""], ["3600"], ["1H"], ["-1h"], ["1h; drop"]])("refuses range=%j with a 400 naming the field", async (range) => {
    const res = await get({ range });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("INVALID_INPUT");
    expect(Object.keys(res.json.error.fields)).toEqual(["range"]);
    expect(res.json.error.fields.range[0]).toMatch(/15m|1h|6h|24h|7d/);
  });

  it("refuses stats of a type that has none, and of a server the caller can't read", async () => {
    expect(
      (
        await call(statsRoute, "GET", `/api/v1/deployments/${serverId}/stats`, {
          key: admin.key,
          params: { type: "deployments", id: serverId },
          query: { range: "1h" },
        })
      ).status,
    ).toBe(404);
    const stranger = await makeUser();
    const res = await call(statsRoute, "GET", `/api/v1/servers/${serverId}/stats`, {
      key: stranger.key,
      params: { type: "servers", id: serverId },
      query: { range: "1h" },
    });
    expect([403, 404]).toContain(res.status);
    expect(JSON.stringify(res.json)).not.toContain("cpuPercent");
  });
});
