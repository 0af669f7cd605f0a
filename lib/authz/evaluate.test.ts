import { describe, expect, it } from "vitest";
import { accessFor, grantMatches, type Grant } from "./evaluate";

const NOW = new Date("2030-01-01T00:00:00Z");
const web = { id: "res-web", name: "prod-web" };

function grant(over: Partial<Grant>): Grant {
  return { resourceType: "server", targetKind: "all", resourceId: null, pattern: null, level: "Read", specific: [], expiresAt: null, ...over };
}

describe("accessFor", () => {
  it("denies by default when no grant matches", () => {
    const access = accessFor([], "server", web, NOW);
    expect(access.level).toBe("None");
    expect([...access.specific]).toEqual([]);
  });

  it("takes the highest level across matching grants, whatever their order", () => {
    const grants = [grant({ level: "Read" }), grant({ level: "Write", targetKind: "resource", resourceId: web.id }), grant({ level: "Execute" })];
    expect(accessFor(grants, "server", web, NOW).level).toBe("Write");
    expect(accessFor([...grants].reverse(), "server", web, NOW).level).toBe("Write");
    expect(accessFor([grant({ level: "Execute" }), grant({ level: "Read" })], "server", web, NOW).level).toBe("Execute");
  });

  it("a None grant adds nothing and does not lower another grant", () => {
    expect(accessFor([grant({ level: "Read" }), grant({ level: "None" })], "server", web, NOW).level).toBe("Read");
    expect(accessFor([grant({ level: "None" })], "server", web, NOW).level).toBe("None");
  });

  it("unions the specific permissions of every matching grant, and only those", () => {
    const grants = [
      grant({ level: "Read", specific: ["Logs"] }),
      grant({ level: "Execute", specific: ["Terminal", "Logs"], targetKind: "pattern", pattern: "prod-*" }),
      grant({ level: "Write", specific: ["Attach"], targetKind: "pattern", pattern: "staging-*" }),
    ];
    const access = accessFor(grants, "server", web, NOW);
    expect(access.level).toBe("Execute");
    expect([...access.specific].sort()).toEqual(["Logs", "Terminal"]);
  });

  it("ignores expired grants, and keeps ones expiring later", () => {
    const expired = grant({ level: "Write", specific: ["Terminal"], expiresAt: new Date(NOW.getTime() - 1) });
    const expiringNow = grant({ level: "Write", expiresAt: NOW });
    const later = grant({ level: "Read", expiresAt: new Date(NOW.getTime() + 60_000) });
    const access = accessFor([expired, expiringNow, later], "server", web, NOW);
    expect(access.level).toBe("Read");
    expect(access.specific.size).toBe(0);
  });

  it("ignores grants on another resource type", () => {
    expect(accessFor([grant({ resourceType: "deployment", level: "Write" })], "server", web, NOW).level).toBe("None");
  });
});

describe("grantMatches by target kind", () => {
  it("all: every resource of its type", () => {
    expect(grantMatches(grant({ targetKind: "all" }), "server", web, NOW)).toBe(true);
    expect(grantMatches(grant({ targetKind: "all" }), "stack", web, NOW)).toBe(false);
  });

  it("resource: only the resource with that id, whatever its name", () => {
    expect(grantMatches(grant({ targetKind: "resource", resourceId: web.id }), "server", web, NOW)).toBe(true);
    expect(grantMatches(grant({ targetKind: "resource", resourceId: "other" }), "server", web, NOW)).toBe(false);
    expect(grantMatches(grant({ targetKind: "resource", resourceId: null }), "server", { id: "", name: "x" }, NOW)).toBe(false);
  });

  it("pattern: by name, wildcard or regex", () => {
    expect(grantMatches(grant({ targetKind: "pattern", pattern: "prod-*" }), "server", web, NOW)).toBe(true);
    expect(grantMatches(grant({ targetKind: "pattern", pattern: "dev-*" }), "server", web, NOW)).toBe(false);
    expect(grantMatches(grant({ targetKind: "pattern", pattern: "\\^prod-(web|api)$\\" }), "server", web, NOW)).toBe(true);
    expect(grantMatches(grant({ targetKind: "pattern", pattern: null }), "server", web, NOW)).toBe(false);
  });

  it("pattern with an invalid regex denies", () => {
    expect(grantMatches(grant({ targetKind: "pattern", pattern: "\\(prod\\" }), "server", web, NOW)).toBe(false);
  });

  it("unknown target kinds deny, even with a matching id or pattern", () => {
    expect(grantMatches(grant({ targetKind: "everything", resourceId: web.id, pattern: "*" }), "server", web, NOW)).toBe(false);
    expect(accessFor([grant({ targetKind: "ALL", level: "Write" })], "server", web, NOW).level).toBe("None");
  });
});
