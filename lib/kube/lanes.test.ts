import { describe, expect, it } from "vitest";
import { buildLanes, eventAt, type LaneEvent, MAX_POD_LANES } from "./lanes";

const T0 = Date.parse("2026-01-01T00:00:00Z");
let n = 0;
const event = (minute: number, type: string, extra: Partial<LaneEvent> = {}): LaneEvent => ({
  id: `e${++n}`,
  type,
  objectKind: "Deployment",
  objectName: "web",
  severity: "info",
  summary: `${type} at ${minute}`,
  details: {},
  at: new Date(T0 + minute * 60_000).toISOString(),
  ...extra,
});
const phase = (minute: number, pod: string, to: string) => event(minute, "pod-phase", { objectKind: "Pod", objectName: pod, details: { pod, to } });

describe("buildLanes", () => {
  it("gives each pod a lane of phase segments, each ending at the next change and the last still open", () => {
    const lanes = buildLanes([phase(5, "web-1", "Running"), phase(0, "web-1", "Pending"), event(3, "deploy")]);
    expect(lanes.map((l) => [l.key, l.kind])).toEqual([
      ["pod:web-1", "pod"],
      ["obj:Deployment/web", "object"],
    ]);
    expect(lanes[0]!.segments.map((s) => [s.phase, (s.start - T0) / 60_000, (s.end - T0) / 60_000])).toEqual([
      ["Pending", 0, 5],
      ["Running", 5, Infinity],
    ]);
    expect(lanes[1]!.points.map((p) => p.event.summary)).toEqual(["deploy at 3"]);
  });

  it("says Unknown for a phase event without a phase, and ignores one without a pod", () => {
    const lanes = buildLanes([event(1, "pod-phase", { details: { pod: "p" } }), event(2, "pod-phase", { details: { to: "Running" } })]);
    expect(lanes).toHaveLength(1);
    expect(lanes[0]!.segments[0]!.phase).toBe("Unknown");
  });

  it("caps the pod lanes", () => {
    const many = Array.from({ length: MAX_POD_LANES + 3 }, (_, i) => phase(i, `p${i}`, "Running"));
    expect(buildLanes(many)).toHaveLength(MAX_POD_LANES);
  });
});

describe("eventAt", () => {
  const lanes = buildLanes([phase(0, "web-1", "Pending"), phase(5, "web-1", "Running"), event(3, "deploy"), event(8, "restart")]);
  it("finds the phase covering a time, the last one until now", () => {
    expect(eventAt(lanes[0], T0 + 4 * 60_000, 0)?.details.to).toBe("Pending");
    expect(eventAt(lanes[0], T0 + 5 * 60_000, 0)?.details.to).toBe("Running");
    expect(eventAt(lanes[0], T0 + 600 * 60_000, 0)?.details.to).toBe("Running");
    expect(eventAt(lanes[0], T0 - 1, 0)).toBeNull();
  });

  it("finds the nearest point within the tolerance, and nothing farther", () => {
    expect(eventAt(lanes[1], T0 + 3 * 60_000 + 20_000, 30_000)?.type).toBe("deploy");
    expect(eventAt(lanes[1], T0 + 7 * 60_000 + 50_000, 30_000)?.type).toBe("restart");
    expect(eventAt(lanes[1], T0 + 5 * 60_000, 30_000)).toBeNull();
    expect(eventAt(undefined, T0, 1)).toBeNull();
  });
});
