// GET /api/ready, the readiness probe a load balancer asks before sending a core traffic: 200
// only when the database answers and every migration in prisma/migrations is applied; 503
// naming what is missing otherwise. Public, and it never reveals the database's credentials.
import { readdirSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/health/route";
import * as readyRoute from "@/app/api/ready/route";
import { db } from "@/lib/db";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { readiness } from "@/lib/ops/ready";
import { cutDatabase } from "../helpers/db-outage";
import { call } from "../helpers/routes";

const MIGRATIONS = readdirSync(path.resolve(__dirname, "../../prisma/migrations"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe("GET /api/ready", () => {
  it("answers 200 { ready: true } to anyone when the database is up and migrated", async () => {
    const res = await call(readyRoute, "GET", "/api/ready");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ready: true });
  });

  it("answers 503 naming a migration that is not applied, and 200 again once it is", async () => {
    const name = MIGRATIONS.at(-1)!;
    const rows = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "_prisma_migrations" WHERE migration_name = ${name}`;
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    await db.$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = ${name}`;
    try {
      const res = await call(readyRoute, "GET", "/api/ready");
      expect(res.status).toBe(503);
      expect(res.json.ready).toBe(false);
      expect(res.json.missingMigrations).toEqual([name]);
      expect(res.json.reason).toContain(name);
      // Liveness is not readiness: the process is alive all the same.
      expect((await call(healthRoute, "GET", "/api/health")).status).toBe(200);
    } finally {
      await db.$executeRaw`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
        VALUES (${row.id}, ${row.checksum}, ${row.finished_at}, ${row.migration_name}, ${row.logs}, ${row.rolled_back_at}, ${row.started_at}, ${row.applied_steps_count})`;
    }
    expect((await call(readyRoute, "GET", "/api/ready")).status).toBe(200);
  });

  it("does not count a migration that was rolled back or never finished", async () => {
    const name = MIGRATIONS.at(0)!;
    await db.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = ${name}`;
    try {
      const res = await call(readyRoute, "GET", "/api/ready");
      expect(res.status).toBe(503);
      expect(res.json.missingMigrations).toEqual([name]);
    } finally {
      await db.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE migration_name = ${name}`;
    }
    expect((await call(readyRoute, "GET", "/api/ready")).status).toBe(200);
  });

  it("answers not ready while the database is down, at once, not once it is back", async () => {
    const outage = await cutDatabase();
    let back = false;
    // Queries wait out a restart (lib/retry.ts); the probe must not, or a load balancer would keep
    // sending this core traffic it cannot serve. The outage ends on its own well after an answer.
    const restore = setTimeout(() => void outage.end().then(() => (back = true)), 8_000);
    try {
      const res = await call(readyRoute, "GET", "/api/ready");
      expect(back).toBe(false);
      expect(res.status).toBe(503);
      expect(res.json.reason).toMatch(/^The database is not reachable/);
    } finally {
      clearTimeout(restore);
      await outage.end();
    }
    expect((await call(readyRoute, "GET", "/api/ready")).status).toBe(200);
  }, 60_000);

  it("reports a database it cannot reach as not ready, without the connection string's password", async () => {
    const password = "pw-that-must-not-leak";
    const unreachable = new PrismaClient({ adapter: new PrismaPg({ connectionString: `postgresql://someone:${password}@127.0.0.1:1/nowhere` }) });
    try {
      const verdict = await readiness(unreachable);
      if (verdict.ready) throw new Error("an unreachable database was reported ready");
      expect(verdict.reason).toMatch(/^The database is not reachable: /);
      expect(JSON.stringify(verdict)).not.toContain(password);
    } finally {
      await unreachable.$disconnect();
    }
  });
});
