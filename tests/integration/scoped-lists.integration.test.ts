// Lists ask the database for what the actor may read (lib/authz/scope.ts) instead of loading
// every row and filtering: a user with a pattern grant over 5,000 rows costs one query that
// returns only the rows the pattern covers.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OMITTED_COLUMNS } from "@/lib/db";
import { PrismaClient } from "@/lib/generated/prisma/client";

// Installed before anything touches `db` (lib/db.ts keeps its client on globalThis), so every
// query the code under test issues is seen here.
const client = new PrismaClient({
  adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
  omit: OMITTED_COLUMNS,
  log: [{ emit: "event", level: "query" }],
});
(globalThis as { wheelhouseDb?: unknown }).wheelhouseDb = client;
const queries: string[] = [];
client.$on("query", (e) => queries.push(e.query));

const { listResources, readableIds } = await import("@/lib/resources/read");
const { makeUser, resetDb } = await import("../helpers/db");
const { grant } = await import("../helpers/resources");

beforeAll(async () => {
  await resetDb();
  await client.variable.createMany({
    data: Array.from({ length: 5000 }, (_, i) => ({ name: `${i % 100 === 0 ? "team" : "other"}-${String(i).padStart(4, "0")}`, config: { value: "" } })),
  });
});

afterAll(async () => {
  await client.variable.deleteMany({});
  delete (globalThis as { wheelhouseDb?: unknown }).wheelhouseDb;
  await client.$disconnect();
});

const variableQueries = () => queries.filter((q) => /FROM "public"\."Variable"/.test(q));

describe("scoped lists", () => {
  it("a pattern grant over 5,000 rows: one query, returning only the covered rows", async () => {
    const user = await makeUser();
    await grant({ userId: user.id }, "variable", "Read", { pattern: "team-*" });
    queries.length = 0;
    const rows = await listResources({ ...user.actor }, "variable");
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.name.startsWith("team-"))).toBe(true);
    expect(variableQueries()).toHaveLength(1);
    expect(variableQueries()[0]).toMatch(/LIKE/);
  });

  it("resource and regex grants: ids and names only, then the rows; the regex judged as JavaScript judges it", async () => {
    const user = await makeUser();
    const one = await client.variable.findFirstOrThrow({ where: { name: "other-0001" } });
    await grant({ userId: user.id }, "variable", "Read", { id: one.id });
    await grant({ userId: user.id }, "variable", "Read", { pattern: "\\other-000[2-4]\\" });
    queries.length = 0;
    const rows = await listResources({ ...user.actor }, "variable");
    expect(rows.map((r) => r.name)).toEqual(["other-0001", "other-0002", "other-0003", "other-0004"]);
    // One query reads only ids and names (to test the regex), one reads the covered rows.
    expect(variableQueries()).toHaveLength(2);
  });

  it("no grant: no rows and no query of the table; an expired or None grant covers nothing", async () => {
    const user = await makeUser();
    await grant({ userId: user.id }, "variable", "None", "all");
    await grant({ userId: user.id }, "variable", "Read", "all", { expiresAt: new Date(Date.now() - 1000) });
    queries.length = 0;
    expect(await listResources({ ...user.actor }, "variable")).toEqual([]);
    expect(await readableIds({ ...user.actor }, "variable")).toEqual([]);
    expect(variableQueries()).toHaveLength(0);
  });

  it("a grant on the whole type, or an admin: every row", async () => {
    const user = await makeUser();
    await grant({ userId: user.id }, "variable", "Read", "all");
    expect(await listResources({ ...user.actor }, "variable")).toHaveLength(5000);
    const admin = await makeUser({ admin: true });
    expect(await readableIds(admin.actor, "variable")).toHaveLength(5000);
  });

  it("a wildcard in the middle is narrowed by its parts and then judged exactly", async () => {
    const user = await makeUser();
    await grant({ userId: user.id }, "variable", "Read", { pattern: "t*m-01*" });
    const rows = await listResources({ ...user.actor }, "variable");
    expect(rows.map((r) => r.name)).toEqual(["team-0100"]);
  });
});
