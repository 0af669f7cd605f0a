import { describe, expect, it } from "vitest";
import { checkNode, checkService } from "./health-checks";

const dep = (over: object = {}) => ({
  metadata: { name: "web", namespace: "a", uid: "u", generation: 1, creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          {
            name: "app",
            image: "web:1",
            livenessProbe: {},
            readinessProbe: {},
            resources: { requests: { cpu: "1", memory: "1Mi" }, limits: { cpu: "1", memory: "1Mi" } },
          },
        ],
      },
    },
  },
  status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
  ...over,
});
const crashing = (name: string, restarts: number) => ({
  metadata: { name, uid: name },
  status: {
    phase: "Running",
    containerStatuses: [
      {
        name: "app",
        restartCount: restarts,
        state: { waiting: { reason: "CrashLoopBackOff" } },
        lastState: { terminated: { reason: "Error", exitCode: 1, message: "boom" } },
      },
    ],
  },
});

describe("service health checks", () => {
  it("finds nothing wrong with a well-configured healthy service", () => {
    expect(checkService("Deployment", dep(), [])).toEqual([]);
  });

  it("reports restarting containers in Komodor's supportingData shape", () => {
    const [finding] = checkService("Deployment", dep(), [crashing("web-1", 3), crashing("web-2", 1)]).filter((f) => f.checkType === "restartingContainers");
    expect(finding?.supportingData).toEqual({
      containers: [{ name: "app", restarts: 4 }],
      restartReasons: {
        breakdown: [{ message: "Container exited with error - exit code: 1", percent: 100, numOccurences: 4, reason: "ProcessExit" }],
        additionalInfo: {
          podSamples: [
            { podName: "web-1", restarts: 3 },
            { podName: "web-2", restarts: 1 },
          ],
          numRestartsOnTimeseries: 4,
          numRestartsOnDB: 4,
        },
      },
    });
  });

  it("takes a restart's reason from the container's own exit when the kubelet has already collected the previous one", () => {
    const collected = {
      metadata: { name: "web-1", uid: "web-1" },
      status: {
        phase: "Running",
        containerStatuses: [{ name: "app", restartCount: 2, state: { terminated: { reason: "Error", exitCode: 1 } }, lastState: {} }],
      },
    };
    const [finding] = checkService("Deployment", dep(), [collected]).filter((f) => f.checkType === "restartingContainers");
    expect(finding?.supportingData).toMatchObject({
      restartReasons: { breakdown: [{ reason: "ProcessExit", numOccurences: 2, percent: 100, message: "Container exited with error - exit code: 1" }] },
    });
  });

  it("flags missing availability only outside a rollout and after the grace period", () => {
    const down = dep({
      status: {
        observedGeneration: 1,
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 0,
        availableReplicas: 0,
        conditions: [{ type: "Available", status: "False", lastTransitionTime: "2026-01-01T00:00:00Z" }],
      },
    });
    expect(checkService("Deployment", down, [], Date.parse("2026-01-01T00:10:00Z")).map((f) => f.checkType)).toContain("deploymentMissingReplicas");
    expect(checkService("Deployment", down, [], Date.parse("2026-01-01T00:00:30Z")).map((f) => f.checkType)).not.toContain("deploymentMissingReplicas");
    const rolling = dep({ metadata: { name: "web", namespace: "a", uid: "u", generation: 2 }, status: down.status });
    expect(checkService("Deployment", rolling, [], Date.parse("2026-01-01T00:10:00Z")).map((f) => f.checkType)).not.toContain("deploymentMissingReplicas");
  });

  it("runs the static best-practice checks", () => {
    const bare = dep({ spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "web" }] } } } });
    expect(
      checkService("Deployment", bare, [])
        .map((f) => f.checkType)
        .sort(),
    ).toEqual([
      "cpuLimitsMissing",
      "cpuRequestsMissing",
      "latestTag",
      "livenessProbeMissing",
      "memoryLimitsMissing",
      "memoryRequestsMissing",
      "readinessProbeMissing",
      "singleReplica",
    ]);
  });

  it("reports a NotReady node", () => {
    expect(
      checkNode({ metadata: { name: "n", uid: "n" }, status: { conditions: [{ type: "Ready", status: "False", reason: "KubeletDown" }] } })[0]?.checkType,
    ).toBe("unhealthyNode");
    expect(checkNode({ metadata: { name: "n", uid: "n" }, status: { conditions: [{ type: "Ready", status: "True" }] } })).toEqual([]);
  });
});
