import { describe, expect, it } from "vitest";
import { drainPlan } from "./node-actions";

const pod = (name: string, extra: { annotations?: Record<string, string>; owner?: string } = {}) => ({
  metadata: {
    namespace: "ns",
    name,
    annotations: extra.annotations,
    ownerReferences: extra.owner ? [{ kind: extra.owner, name: "x", controller: true }] : undefined,
  },
});

describe("drainPlan", () => {
  it("evicts ordinary pods and skips mirror and DaemonSet pods, as kubectl drain does", () => {
    const plan = drainPlan([
      pod("web", { owner: "ReplicaSet" }),
      pod("static", { annotations: { "kubernetes.io/config.mirror": "abc" } }),
      pod("agent", { owner: "DaemonSet" }),
      pod("bare"),
    ]);
    expect(plan.evict.map((p) => p.metadata.name)).toEqual(["web", "bare"]);
    expect(plan.skipped).toEqual([
      { pod: "ns/static", why: expect.stringMatching(/mirror/) },
      { pod: "ns/agent", why: expect.stringMatching(/DaemonSet/) },
    ]);
  });
});
