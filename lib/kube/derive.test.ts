import { describe, expect, it } from "vitest";
import { deriveEvents } from "./derive";

const deployment = (image: string, replicas = 2, extra: object = {}) => ({
  metadata: { name: "web", namespace: "a", uid: "u1", generation: 1 },
  spec: { replicas, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image, env: [{ name: "MODE", value: "x" }] }] } } },
  status: { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas },
  ...extra,
});

describe("timeline events from changes", () => {
  it("turns an image change into a deploy event carrying the pod template diff", () => {
    const [event] = deriveEvents("Deployment", deployment("web:1"), deployment("web:2"));
    expect(event?.type).toBe("deploy");
    expect(event?.summary).toBe("Deploy: web:1 → web:2");
    expect(event?.details?.diff).toEqual([{ path: "spec.containers[app].image", before: "web:1", after: "web:2" }]);
  });

  it("tells a rollout restart from a deploy, and reports replica changes", () => {
    const restarted = deployment("web:1");
    (restarted.spec.template.metadata as Record<string, unknown>).annotations = { "kubectl.kubernetes.io/restartedAt": "2026-11-22T00:00:00Z" };
    expect(deriveEvents("Deployment", deployment("web:1"), restarted)[0]).toMatchObject({ type: "deploy", summary: "Rollout restart" });
    expect(deriveEvents("Deployment", deployment("web:1", 2), deployment("web:1", 5))).toEqual([
      expect.objectContaining({ type: "replicas", summary: "Scaled from 2 to 5 replicas" }),
    ]);
  });

  it("credits a replica change inside an autoscaler's range to it, and one outside the range to a person", () => {
    const hpa = { metadata: { name: "web-hpa", uid: "h" }, spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 4 } };
    expect(deriveEvents("Deployment", deployment("web:1", 2), deployment("web:1", 3), { autoscaler: hpa })[0]).toMatchObject({
      summary: "Autoscaled from 2 to 3 replicas by HorizontalPodAutoscaler web-hpa",
      details: { source: "autoscaler", autoscaler: "web-hpa" },
    });
    expect(deriveEvents("Deployment", deployment("web:1", 2), deployment("web:1", 9), { autoscaler: hpa })[0]).toMatchObject({
      summary: "Scaled from 2 to 9 replicas",
      details: { source: "manual", autoscaler: null },
    });
  });

  it("credits a scale made through Wheelhouse to its user, even inside an autoscaler's range", () => {
    const hpa = { metadata: { name: "web-hpa", uid: "h" }, spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 4 } };
    expect(deriveEvents("Deployment", deployment("web:1", 2), deployment("web:1", 3), { autoscaler: hpa, scaledBy: "alice" })[0]).toMatchObject({
      summary: "Scaled from 2 to 3 replicas by alice",
      details: { source: "manual", autoscaler: null, by: "alice" },
    });
  });

  it("reports container restarts with their reason, and crash loops", () => {
    const pod = (restartCount: number, waiting?: string) => ({
      metadata: { name: "web-1", uid: "p" },
      status: {
        phase: "Running",
        containerStatuses: [
          {
            name: "app",
            restartCount,
            lastState: { terminated: { reason: "Error", exitCode: 1 } },
            state: waiting ? { waiting: { reason: waiting } } : { running: {} },
          },
        ],
      },
    });
    const events = deriveEvents("Pod", pod(1), pod(2, "CrashLoopBackOff"));
    expect(events.map((e) => e.type)).toEqual(["restart", "crash-loop"]);
    expect(events[0]?.summary).toContain("Error (exit code 1)");
  });

  it("reports a crash when the status first shows the container terminated, with the key that makes it one event", () => {
    const t = (n: number) => ({ reason: "Error", exitCode: 1, finishedAt: `2026-12-03T10:00:0${n}Z`, containerID: `docker://c${n}` });
    const pod = (restartCount: number, state: object, lastState: object = {}, deletionTimestamp?: string) => ({
      metadata: { name: "web-1", uid: "p", deletionTimestamp },
      status: { phase: "Running", containerStatuses: [{ name: "app", restartCount, state, lastState }] },
    });
    const running = pod(0, { running: {} });
    const crashed = pod(0, { terminated: t(1) });
    const [event, ...none] = deriveEvents("Pod", running, crashed);
    expect(none).toEqual([]);
    expect(event).toMatchObject({
      type: "restart",
      summary: "Container app in web-1 crashed: Error (exit code 1)",
      details: { termination: "p/app/docker://c1" },
    });
    // The same status again writes nothing; the restart names the same termination, for ingest to skip.
    expect(deriveEvents("Pod", crashed, crashed)).toEqual([]);
    const [restart] = deriveEvents("Pod", crashed, pod(1, { running: {} }, { terminated: t(1) }));
    expect(restart?.details).toMatchObject({ termination: "p/app/docker://c1" });
    // Restarted and crashed again between two statuses: both crashes, oldest first.
    expect(deriveEvents("Pod", running, pod(1, { terminated: t(2) }, { terminated: t(1) })).map((e) => e.details?.termination)).toEqual([
      "p/app/docker://c1",
      "p/app/docker://c2",
    ]);
    // Killed because the pod is being deleted, or exited 0: not a crash.
    expect(deriveEvents("Pod", running, pod(0, { terminated: { ...t(1), exitCode: 137 } }, {}, "2026-12-03T10:00:00Z"))).toEqual([]);
    expect(deriveEvents("Pod", running, pod(0, { terminated: { ...t(1), reason: "Completed", exitCode: 0 } }))).toEqual([]);
  });

  it("names changed config keys but never values", () => {
    const cm = (v: string) => ({ metadata: { name: "cfg", namespace: "a", uid: "c", resourceVersion: v }, data: { A: v, B: "same" } });
    const [event] = deriveEvents("ConfigMap", cm("1"), cm("2"));
    expect(event?.summary).toBe("ConfigMap cfg changed (keys: A)");
    expect(JSON.stringify(event)).not.toContain('"2"');
  });

  it("keeps only Warning events, once", () => {
    const warning = {
      metadata: { name: "e", uid: "e" },
      type: "Warning",
      reason: "BackOff",
      message: "Back-off restarting",
      involvedObject: { kind: "Pod", name: "web-1" },
    };
    expect(deriveEvents("Event", undefined, warning)).toHaveLength(1);
    expect(deriveEvents("Event", warning, warning)).toHaveLength(0);
    expect(deriveEvents("Event", undefined, { ...warning, type: "Normal" })).toHaveLength(0);
  });
});
