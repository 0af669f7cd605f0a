// scale, restart and rollback through the cluster-mode executor, checked with kubectl; and an
// agent whose operator left basic actions off refuses them with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeExecutor } from "./actions";
import type { Cluster } from "./cluster";
import type { KubeClient, RequestOptions } from "./rest";
import { deployment, noLog, noStage, podTemplate, progress, testCluster, until, type TestCluster } from "./test-support";

let t: TestCluster;
beforeAll(async () => {
  t = await testCluster("workloads");
});
afterAll(() => t?.cleanup());

const ALL = { basic: true, advanced: true, podExec: true };
const jsonpath = (kind: string, name: string, path: string) => t.kubectl("-n", t.namespace, "get", kind, name, "-o", `jsonpath={${path}}`);
const replicaSets = async (app: string) => (await t.kubectl("-n", t.namespace, "get", "rs", "-l", `app=${app}`, "-o", "name")).split("\n").filter(Boolean);

describe("workload actions", () => {
  it("scales a Deployment through the scale subresource", async () => {
    await t.create(deployment("scaled", 1));
    const p = progress();
    const result = await kubeExecutor(t.cluster, ALL)(
      { kind: "k8s.scale", target: { kind: "Deployment", namespace: t.namespace, name: "scaled" }, replicas: 3 },
      p.log,
      p.stage,
    );
    expect(result).toEqual({ previousReplicas: 1, replicas: 3 });
    expect(await jsonpath("deployment", "scaled", ".spec.replicas")).toBe("3");
    await until(async () => (await jsonpath("deployment", "scaled", ".status.readyReplicas")) === "3", "3 ready replicas");
    expect(p.stages).toEqual(["scale:start", "scale:end:true"]);
    expect(p.lines.join("\n")).toContain("replicas 1 → 3");
  });

  it("refuses to scale on an agent with basic actions off, saying why, and changes nothing", async () => {
    await t.create(deployment("locked", 1));
    const p = progress();
    const run = kubeExecutor(t.cluster, { basic: false, advanced: true, podExec: true })(
      { kind: "k8s.scale", target: { kind: "Deployment", namespace: t.namespace, name: "locked" }, replicas: 4 },
      p.log,
      p.stage,
    );
    await expect(run).rejects.toThrow(/k8s\.scale is refused: this agent has basic actions turned off.*--actions-basic/);
    expect(await jsonpath("deployment", "locked", ".spec.replicas")).toBe("1");
  });

  it("restarts a Deployment like `kubectl rollout restart`: annotation and a new ReplicaSet", async () => {
    await t.create(deployment("restarted", 1));
    await until(async () => (await replicaSets("restarted")).length === 1, "the first ReplicaSet");
    const p = progress();
    const { restartedAt } = await kubeExecutor(t.cluster, ALL)(
      { kind: "k8s.restart", target: { kind: "Deployment", namespace: t.namespace, name: "restarted" } },
      p.log,
      p.stage,
    );
    expect(await jsonpath("deployment", "restarted", ".spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt")).toBe(restartedAt);
    await until(async () => (await replicaSets("restarted")).length === 2, "a second ReplicaSet");
  });

  it("refuses to restart a paused Deployment and leaves its template alone", async () => {
    await t.create(deployment("paused", 1));
    await t.kubectl("-n", t.namespace, "rollout", "pause", "deployment/paused");
    const p = progress();
    const run = kubeExecutor(t.cluster, ALL)({ kind: "k8s.restart", target: { kind: "Deployment", namespace: t.namespace, name: "paused" } }, p.log, p.stage);
    await expect(run).rejects.toThrow(/is paused.*rollout resume/);
    expect(await jsonpath("deployment", "paused", ".spec.template.metadata.annotations")).toBe("");
    expect(p.stages).toEqual(["restart:start", "restart:end:false"]);
  });

  it("rolls a Deployment back to the previous revision's image after a bad deploy", async () => {
    await t.create(deployment("rolled", 1));
    await until(async () => (await jsonpath("deployment", "rolled", ".status.readyReplicas")) === "1", "the first rollout");
    await t.kubectl("-n", t.namespace, "set", "image", "deployment/rolled", "main=local/busybox:missing");
    await until(async () => (await jsonpath("deployment", "rolled", ".metadata.annotations.deployment\\.kubernetes\\.io/revision")) === "2", "revision 2");
    const p = progress();
    const result = await kubeExecutor(t.cluster, ALL)(
      { kind: "k8s.rollback", target: { kind: "Deployment", namespace: t.namespace, name: "rolled" } },
      p.log,
      p.stage,
    );
    expect(result).toEqual({ fromRevision: 2, toRevision: 1 });
    expect(await jsonpath("deployment", "rolled", ".spec.template.spec.containers[0].image")).toBe("local/busybox:1");
    // The old ReplicaSet is reused (same template hash), as after `kubectl rollout undo`.
    await until(async () => (await jsonpath("deployment", "rolled", ".metadata.annotations.deployment\\.kubernetes\\.io/revision")) === "3", "revision 3");
    expect(await replicaSets("rolled")).toHaveLength(2);
    await until(
      async () =>
        (await jsonpath("deployment", "rolled", ".status.updatedReplicas")) === "1" &&
        (await jsonpath("deployment", "rolled", ".status.readyReplicas")) === "1",
      "the rolled-back pod ready",
    );
  });

  // The rollback reads the Deployment, then patches it. `meanwhile` runs a real write to the
  // cluster in between, where a controller's status update or a colleague's edit could land.
  function withWriteBetween(meanwhile: () => Promise<unknown>): Cluster {
    let pending = true;
    const request = (async (method: string, path: string, options?: RequestOptions) => {
      const answer = await t.cluster.client.request(method, path, options);
      if (pending && method === "GET" && /\/deployments\/[^/]+$/.test(path)) {
        pending = false;
        await meanwhile();
      }
      return answer;
    }) as KubeClient["request"];
    return { ...t.cluster, client: { ...t.cluster.client, request } };
  }

  async function badDeploy(name: string) {
    await t.create(deployment(name, 1));
    await until(async () => (await jsonpath("deployment", name, ".metadata.annotations.deployment\\.kubernetes\\.io/revision")) === "1", "revision 1");
    await t.kubectl("-n", t.namespace, "set", "image", `deployment/${name}`, "main=local/busybox:missing");
    await until(async () => (await jsonpath("deployment", name, ".metadata.annotations.deployment\\.kubernetes\\.io/revision")) === "2", "revision 2");
  }
  const rollbackOn = (cluster: Cluster, name: string) =>
    kubeExecutor(cluster, ALL)({ kind: "k8s.rollback", target: { kind: "Deployment", namespace: t.namespace, name } }, noLog, noStage);

  it("rolls back even when the Deployment is written to after it was read, as its controller does all through a rollout", async () => {
    await badDeploy("busy");
    // What the Deployment controller does all through a rollout: metadata and status writes.
    const cluster = withWriteBetween(() => t.kubectl("-n", t.namespace, "annotate", "deployment/busy", "example.com/note=written"));
    expect(await rollbackOn(cluster, "busy")).toEqual({ fromRevision: 2, toRevision: 1 });
    expect(await jsonpath("deployment", "busy", ".spec.template.spec.containers[0].image")).toBe("local/busybox:1");
    expect(await jsonpath("deployment", "busy", ".metadata.annotations.example\\.com/note")).toBe("written");
  });

  it("refuses a rollback when someone changed the pod template after it was read, and keeps their change", async () => {
    await badDeploy("contested");
    const cluster = withWriteBetween(() => t.kubectl("-n", t.namespace, "set", "image", "deployment/contested", "main=local/busybox:theirs"));
    await expect(rollbackOn(cluster, "contested")).rejects.toThrow(/pod template changed by someone else.*nothing was changed/);
    expect(await jsonpath("deployment", "contested", ".spec.template.spec.containers[0].image")).toBe("local/busybox:theirs");
  });

  it("says so when a Deployment has no earlier revision", async () => {
    await t.create(deployment("fresh", 1));
    await until(async () => (await jsonpath("deployment", "fresh", ".metadata.annotations.deployment\\.kubernetes\\.io/revision")) === "1", "revision 1");
    const p = progress();
    await expect(
      kubeExecutor(t.cluster, ALL)({ kind: "k8s.rollback", target: { kind: "Deployment", namespace: t.namespace, name: "fresh" } }, p.log, p.stage),
    ).rejects.toThrow(/no revision before 1/);
  });

  it("rolls a StatefulSet back to the previous ControllerRevision", async () => {
    await t.create({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "db" },
      spec: { serviceName: "db", replicas: 1, selector: { matchLabels: { app: "db" } }, template: podTemplate({ app: "db" }) },
    });
    const revisions = async () => (await t.kubectl("-n", t.namespace, "get", "controllerrevisions", "-o", "name")).split("\n").filter(Boolean).length;
    // An image change the controller sees before its first sync would leave only one revision.
    await until(async () => (await revisions()) === 1, "the first ControllerRevision");
    await t.kubectl("-n", t.namespace, "set", "image", "statefulset/db", "main=local/busybox:missing");
    await until(async () => (await revisions()) === 2, "two ControllerRevisions");
    const p = progress();
    const result = await kubeExecutor(t.cluster, ALL)(
      { kind: "k8s.rollback", target: { kind: "StatefulSet", namespace: t.namespace, name: "db" } },
      p.log,
      p.stage,
    );
    expect(result).toEqual({ fromRevision: 2, toRevision: 1 });
    expect(await jsonpath("statefulset", "db", ".spec.template.spec.containers[0].image")).toBe("local/busybox:1");
  });
});
