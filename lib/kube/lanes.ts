// The timeline's lane chart as data: one lane per pod with its phase over time (a segment from
// each phase change to the next), then one lane per object with its other events as points.
// Pure, so the chart (components/kube/lane-chart.tsx) only draws, and hovering is testable.

/** The fields of a timeline event the lanes need (lib/kube/types.ts has the whole view). */
export interface LaneEvent {
  id: string;
  type: string;
  objectKind: string;
  objectName: string;
  severity: "info" | "warning" | "error";
  summary: string;
  details: Record<string, unknown>;
  at: string;
}

export interface Segment<E extends LaneEvent = LaneEvent> {
  /** Unix milliseconds. */
  start: number;
  /** Infinity for a pod still in that phase (the chart clips it at the window's end). */
  end: number;
  phase: string;
  event: E;
}

export interface Lane<E extends LaneEvent = LaneEvent> {
  key: string;
  label: string;
  kind: "pod" | "object";
  segments: Segment<E>[];
  points: { at: number; event: E }[];
}

export const MAX_POD_LANES = 10;
export const MAX_OBJECT_LANES = 6;

/** Lanes for a window's events; the lanes don't depend on the window, so a refetch of the same events keeps them. */
export function buildLanes<E extends LaneEvent>(events: E[]): Lane<E>[] {
  const byTime = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const pods = new Map<string, E[]>();
  const objects = new Map<string, E[]>();
  for (const e of byTime) {
    const pod = e.type === "pod-phase" ? (e.details.pod as string | undefined) : undefined;
    if (e.type === "pod-phase") {
      if (pod) pods.set(pod, [...(pods.get(pod) ?? []), e]);
      continue;
    }
    const key = `${e.objectKind}/${e.objectName}`;
    objects.set(key, [...(objects.get(key) ?? []), e]);
  }
  const podLanes = [...pods].slice(0, MAX_POD_LANES).map(([pod, phases]): Lane<E> => ({
    key: `pod:${pod}`,
    label: pod,
    kind: "pod",
    segments: phases.map((e, i) => ({
      start: Date.parse(e.at),
      end: i + 1 < phases.length ? Date.parse(phases[i + 1]!.at) : Infinity,
      phase: String(e.details.to ?? "Unknown"),
      event: e,
    })),
    points: [],
  }));
  const objectLanes = [...objects].slice(0, MAX_OBJECT_LANES).map(([key, list]): Lane<E> => ({
    key: `obj:${key}`,
    label: key,
    kind: "object",
    segments: [],
    points: list.map((e) => ({ at: Date.parse(e.at), event: e })),
  }));
  return [...podLanes, ...objectLanes];
}

/**
 * The event under the pointer: in a pod lane the phase segment covering `at`; in an object lane
 * the nearest point within `tolerance` ms (a point is a few pixels wide, so the caller converts).
 */
export function eventAt<E extends LaneEvent>(lane: Lane<E> | undefined, at: number, tolerance: number): E | null {
  if (!lane) return null;
  if (lane.kind === "pod") return lane.segments.find((s) => at >= s.start && at < s.end)?.event ?? null;
  let best: { distance: number; event: E } | null = null;
  for (const p of lane.points) {
    const distance = Math.abs(p.at - at);
    if (distance <= tolerance && (!best || distance < best.distance)) best = { distance, event: p.event };
  }
  return best?.event ?? null;
}
