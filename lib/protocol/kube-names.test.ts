import { describe, expect, it } from "vitest";
import { ZCoreMessage } from "./agent";
import { ZContainerName, ZNamespaceName, ZPodName } from "./kube-names";

const BAD = ["..", "../nodes/n1", "a/b", "web?container=x", "Web", "-web", "web-", "a b", "", "x".repeat(254)];

describe("Kubernetes names before they reach a URL", () => {
  it("accepts what Kubernetes accepts", () => {
    expect(ZNamespaceName.safeParse("kube-system").success).toBe(true);
    expect(ZPodName.safeParse("web-7d9f8c6b5-x2x9z").success).toBe(true);
    expect(ZPodName.safeParse("etcd-node1.example.internal").success).toBe(true);
    expect(ZContainerName.safeParse("istio-proxy").success).toBe(true);
  });

  it("refuses path pieces, query pieces and anything else Kubernetes would", () => {
    for (const name of BAD) {
      expect(ZNamespaceName.safeParse(name).success, name).toBe(false);
      expect(ZPodName.safeParse(name).success, name).toBe(false);
      expect(ZContainerName.safeParse(name).success, name).toBe(false);
    }
    expect(ZPodName.safeParse("a..b").success).toBe(false);
    expect(ZNamespaceName.safeParse("has.dots").success).toBe(false);
    expect(ZNamespaceName.safeParse("x".repeat(64)).success).toBe(false);
  });

  it("object names in actions can't leave their URL segment: workloads, jobs and nodes are DNS names, any kind's name is no '.', '..' or '/'", () => {
    const command = (payload: Record<string, unknown>) => ({ type: "command", commandId: "c", idempotencyKey: "k", timeoutSeconds: 60, payload });
    const del = (name: string) => command({ kind: "k8s.delete", apiVersion: "v1", objectKind: "ConfigMap", namespace: "team-a", name });
    expect(ZCoreMessage.safeParse(del("settings")).success).toBe(true);
    expect(
      ZCoreMessage.safeParse(
        command({ kind: "k8s.delete", apiVersion: "rbac.authorization.k8s.io/v1", objectKind: "ClusterRole", name: "system:aggregate-to-view" }),
      ).success,
    ).toBe(true);
    for (const bad of [".", "..", "a/b", "../..", ""]) expect(ZCoreMessage.safeParse(del(bad)).success, `delete ${bad}`).toBe(false);
    for (const bad of [".", "..", "a/b", "Web"]) {
      expect(
        ZCoreMessage.safeParse(command({ kind: "k8s.scale", target: { kind: "Deployment", namespace: "team-a", name: bad }, replicas: 1 })).success,
        `scale ${bad}`,
      ).toBe(false);
      expect(ZCoreMessage.safeParse(command({ kind: "k8s.rerunJob", namespace: "team-a", name: bad })).success, `rerun ${bad}`).toBe(false);
      expect(ZCoreMessage.safeParse(command({ kind: "k8s.cordon", node: bad, unschedulable: true })).success, `cordon ${bad}`).toBe(false);
    }
  });

  it("the agent refuses pod logs, pod shells and pod deletes that name a bad pod, namespace or container", () => {
    const logs = (source: Record<string, unknown>) => ({
      type: "logs.request",
      requestId: "r",
      tail: 10,
      follow: false,
      source: { kind: "pod", namespace: "default", pod: "web-1", ...source },
    });
    const shell = (target: Record<string, unknown>) => ({
      type: "terminal.open",
      sessionId: "s",
      cols: 80,
      rows: 24,
      idleTimeoutSeconds: 300,
      target: { kind: "pod", namespace: "default", pod: "web-1", ...target },
    });
    const del = (payload: Record<string, unknown>) => ({
      type: "command",
      commandId: "c",
      idempotencyKey: "k",
      timeoutSeconds: 60,
      payload: { kind: "k8s.deletePod", namespace: "default", name: "web-1", ...payload },
    });
    expect(ZCoreMessage.safeParse(logs({})).success).toBe(true);
    expect(ZCoreMessage.safeParse(shell({ container: "app" })).success).toBe(true);
    expect(ZCoreMessage.safeParse(del({})).success).toBe(true);
    for (const bad of ["../nodes/n1", "a/b", ".."]) {
      expect(ZCoreMessage.safeParse(logs({ pod: bad })).success, `logs pod ${bad}`).toBe(false);
      expect(ZCoreMessage.safeParse(logs({ namespace: bad })).success, `logs namespace ${bad}`).toBe(false);
      expect(ZCoreMessage.safeParse(logs({ container: bad })).success, `logs container ${bad}`).toBe(false);
      expect(ZCoreMessage.safeParse(shell({ pod: bad })).success, `shell pod ${bad}`).toBe(false);
      expect(ZCoreMessage.safeParse(shell({ namespace: bad })).success, `shell namespace ${bad}`).toBe(false);
      expect(ZCoreMessage.safeParse(shell({ container: bad })).success, `shell container ${bad}`).toBe(false);
      expect(ZCoreMessage.safeParse(del({ name: bad })).success, `delete pod ${bad}`).toBe(false);
      expect(ZCoreMessage.safeParse(del({ namespace: bad })).success, `delete namespace ${bad}`).toBe(false);
    }
  });
});
