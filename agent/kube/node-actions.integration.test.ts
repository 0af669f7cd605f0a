// cordon/uncordon and drain on the cluster's one node. Both affect everyone using the test
// cluster: the node is uncordoned in `finally`, and the drain is limited to this file's
// namespace (DrainOptions.only) so other tests' pods are never evicted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeExecutor } from "./actions";
import { drain } from "./node-actions";
import { deployment, progress, testCluster, until, type TestCluster } from "./test-support";

let t: TestCluster;
let node: string;
beforeAll(async () => {
  t = await testCluster("nodes");
  node = (await t.kubectl("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}")).trim();
});
afterAll(async () => {
  await t?.kubectl("uncordon", node).catch(() => {});
  await t?.cleanup();
});

const ADVANCED = { basic: false, advanced: true, podExec: false };
const unschedulable = () => t.kubectl("get", "node", node, "-o", "jsonpath={.spec.unschedulable}");
const podsOf = async (app: string) =>
  JSON.parse(await t.kubectl("-n", t.namespace, "get", "pods", "-l", `app=${app}`, "-o", "json")).items as { metadata: { name: string; uid: string } }[];
const ready = async (app: string) => (await t.kubectl("-n", t.namespace, "get", "deployment", app, "-o", "jsonpath={.status.readyReplicas}")) === "1";

describe("node actions", () => {
  it("cordons and uncordons a node", async () => {
    const run = kubeExecutor(t.cluster, ADVANCED);
    const p = progress();
    try {
      await run({ kind: "k8s.cordon", node, unschedulable: true }, p.log, p.stage);
      expect(await unschedulable()).toBe("true");
    } finally {
      await run({ kind: "k8s.cordon", node, unschedulable: false }, p.log, p.stage);
    }
    expect(await unschedulable()).toBe("");
    expect(p.stages).toEqual(["cordon:start", "cordon:end:true", "uncordon:start", "uncordon:end:true"]);
  });

  it("refuses cordon on an agent with advanced actions off", async () => {
    const p = progress();
    await expect(
      kubeExecutor(t.cluster, { basic: true, advanced: false, podExec: true })({ kind: "k8s.cordon", node, unschedulable: true }, p.log, p.stage),
    ).rejects.toThrow(/advanced actions turned off/);
    expect(await unschedulable()).toBe("");
  });

  it("drains through the Eviction API: evicts what it may, reports the pod a PodDisruptionBudget protects and leaves it running", async () => {
    await t.create(deployment("free", 1));
    await t.create(deployment("guarded", 1));
    const pdb = await t.cluster.discovery.preferred("PodDisruptionBudget", ["policy/v1", "policy/v1beta1"]);
    await t.create({
      apiVersion: pdb!.apiVersion,
      kind: "PodDisruptionBudget",
      metadata: { name: "guarded" },
      spec: { minAvailable: 1, selector: { matchLabels: { app: "guarded" } } },
    });
    await until(async () => (await ready("free")) && (await ready("guarded")), "both Deployments ready");
    const [free] = await podsOf("free");
    const [guarded] = await podsOf("guarded");
    if (!free || !guarded) throw new Error("each ready Deployment has a pod");
    const p = progress();
    let error: Error | undefined;
    try {
      await drain(t.cluster, node, 8, p.log, p.stage, { only: (pod) => pod.metadata.namespace === t.namespace }).catch((e: Error) => (error = e));
      expect(await unschedulable()).toBe("true");
    } finally {
      await t.kubectl("uncordon", node);
    }
    expect(error?.message).toMatch(
      new RegExp(`could not be evicted: ${t.namespace}/${guarded.metadata.name} \\(Cannot evict pod as it would violate the pod's disruption budget`),
    );
    expect(error?.message).toMatch(/were not deleted/);
    expect(error?.message).not.toContain(free.metadata.name);
    // The protected pod is still there, the same pod; the other one was evicted.
    expect((await podsOf("guarded")).map((x) => x.metadata.uid)).toEqual([guarded.metadata.uid]);
    expect((await podsOf("free")).map((x) => x.metadata.uid)).not.toContain(free.metadata.uid);
    const log = p.lines.join("\n");
    expect(log).toContain(`evicted ${t.namespace}/${free.metadata.name}`);
    expect(log).toMatch(/blocked by a PodDisruptionBudget.*retrying every 5 s/);
    expect(p.stages).toEqual(["cordon:start", "cordon:end:true", "evict:start", "evict:end:false"]);
  });
});
