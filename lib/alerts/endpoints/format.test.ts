import { describe, expect, it } from "vitest";
import { alertText, alertTitle, shownLevel, type AlertMessage } from "./format";

const m: AlertMessage = {
  alertId: "a1",
  type: "ServerCpu",
  level: "critical",
  event: "opened",
  target: { type: "server", id: "s1", name: "web-1" },
  message: "CPU at 97%",
  data: {},
  openedAt: "2026-12-03T00:00:00.000Z",
  resolvedAt: null,
  link: "http://wh.test/servers/s1",
  sentAt: "2026-12-03T00:00:01.000Z",
};

describe("alert wording", () => {
  it("says level, type and target in the title, then message and link", () => {
    expect(alertTitle(m)).toBe("[CRITICAL] ServerCpu on server web-1");
    expect(alertText(m)).toBe("[CRITICAL] ServerCpu on server web-1\nCPU at 97%\nhttp://wh.test/servers/s1");
  });

  it("marks resolutions and tests, and shows a resolution as ok", () => {
    expect(alertTitle({ ...m, event: "resolved" })).toBe("[RESOLVED] ServerCpu on server web-1");
    expect(shownLevel({ ...m, event: "resolved" })).toBe("ok");
    expect(alertTitle({ ...m, event: "test" })).toMatch(/^\[TEST\]/);
  });

  it("names a Kubernetes target's namespace and keeps the title on one line", () => {
    expect(alertTitle({ ...m, target: { type: "cluster", id: "c", name: "prod\nx", namespace: "shop" } })).toBe(
      "[CRITICAL] ServerCpu on cluster prod x (namespace shop)",
    );
  });
});
