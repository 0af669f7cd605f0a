import { describe, expect, it } from "vitest";
import { stackHealth } from "./container-alerts";

describe("stackHealth", () => {
  it("is healthy when every service runs (or none was seen), down when none runs, unhealthy between", () => {
    expect(stackHealth({})).toBe("healthy");
    expect(stackHealth({ web: "running", db: "running" })).toBe("healthy");
    expect(stackHealth({ web: "running", db: "exited" })).toBe("unhealthy");
    expect(stackHealth({ web: "exited", db: "removed" })).toBe("down");
    expect(stackHealth({ web: "dead" })).toBe("down");
    // Paused or restarting is not running, but not down either.
    expect(stackHealth({ web: "paused", db: "exited" })).toBe("unhealthy");
    expect(stackHealth({ web: "restarting" })).toBe("unhealthy");
  });
});
