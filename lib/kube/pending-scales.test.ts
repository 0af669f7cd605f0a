import { afterEach, describe, expect, it, vi } from "vitest";
import { expectScale, takeScale } from "./pending-scales";

afterEach(() => vi.useRealTimers());

describe("pending scales", () => {
  it("credits the change Wheelhouse sent once, and not a different count", () => {
    expectScale("Deployment|c|a|web", 3, "alice");
    expect(takeScale("Deployment|c|a|web", 4)).toBeNull();
    expect(takeScale("Deployment|c|a|other", 3)).toBeNull();
    expect(takeScale("Deployment|c|a|web", 3)).toBe("alice");
    expect(takeScale("Deployment|c|a|web", 3)).toBeNull();
  });

  it("forgets a scale the watch never reported", () => {
    vi.useFakeTimers();
    expectScale("Deployment|c|a|web", 3, "alice");
    vi.advanceTimersByTime(3 * 60_000);
    expect(takeScale("Deployment|c|a|web", 3)).toBeNull();
  });
});
