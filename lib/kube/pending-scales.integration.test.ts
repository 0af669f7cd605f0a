import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/tests/helpers/db";
import { expectScale, takeScale } from "./pending-scales";

beforeEach(() => resetDb());

describe("pending scales", () => {
  it("credits the change Wheelhouse sent once, and not a different count", async () => {
    await expectScale("Deployment|c|a|web", 3, "alice");
    expect(await takeScale("Deployment|c|a|web", 4)).toBeNull();
    expect(await takeScale("Deployment|c|a|other", 3)).toBeNull();
    expect(await takeScale("Deployment|c|a|web", 3)).toBe("alice");
    expect(await takeScale("Deployment|c|a|web", 3)).toBeNull();
  });

  it("credits it once when two cores hear the change at the same time", async () => {
    await expectScale("Deployment|c|a|web", 3, "alice");
    const both = await Promise.all([takeScale("Deployment|c|a|web", 3), takeScale("Deployment|c|a|web", 3)]);
    expect(both.sort()).toEqual(["alice", null].sort());
  });

  it("forgets a scale the watch never reported", async () => {
    await expectScale("Deployment|c|a|web", 3, "alice");
    const later = new Date(Date.now() + 3 * 60_000);
    expect(await takeScale("Deployment|c|a|web", 3, later)).toBeNull();
    expect(await db.pendingScale.count()).toBe(0);
  });
});
