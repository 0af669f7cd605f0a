import { describe, expect, it } from "vitest";
import { kubeActionsSomewhere, kubeAllowed } from "./kube";

const policy = (over: object = {}) => ({ clusters: "*", namespaces: "team-*", actions: ["view", "scale"], expiresAt: null, ...over });

describe("Kubernetes policies", () => {
  it("grants listed actions on matching namespaces only", () => {
    expect(kubeAllowed([policy()], "prod", "team-a", "scale")).toBe(true);
    expect(kubeAllowed([policy()], "prod", "team-a", "restart")).toBe(false);
    expect(kubeAllowed([policy()], "prod", "other", "view")).toBe(false);
  });

  it("needs an all-namespaces policy for node-level actions, and respects expiry and cluster patterns", () => {
    expect(kubeAllowed([policy({ actions: ["cordon"] })], "prod", null, "cordon")).toBe(false);
    expect(kubeAllowed([policy({ namespaces: "*", actions: ["cordon"] })], "prod", null, "cordon")).toBe(true);
    expect(kubeAllowed([policy({ expiresAt: new Date(Date.now() - 1000) })], "prod", "team-a", "view")).toBe(false);
    expect(kubeAllowed([policy({ clusters: "\\^staging-\\d+$\\" })], "staging-2", "team-a", "view")).toBe(true);
    expect(kubeAllowed([policy({ clusters: "\\^staging-\\d+$\\" })], "prod", "team-a", "view")).toBe(false);
  });

  it("lists the actions granted in some namespace of a cluster, for the cluster page to offer", () => {
    const policies = [policy(), policy({ clusters: "staging", actions: ["edit"] }), policy({ actions: ["drain"], expiresAt: new Date(Date.now() - 1000) })];
    expect(kubeActionsSomewhere(policies, "prod")).toEqual(["view", "scale"]);
    expect(kubeActionsSomewhere(policies, "staging")).toEqual(["view", "scale", "edit"]);
    expect(kubeActionsSomewhere([policy({ actions: ["*"] })], "prod")).toContain("drain");
  });
});
