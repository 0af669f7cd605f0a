// Create, edit (replace) and delete of any object, and delete pod. A replace built on a stale copy
// must be refused as a conflict with the object left exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "@/lib/protocol/kube";
import { kubeExecutor } from "./actions";
import { deployment, progress, testCluster, until, type TestCluster } from "./test-support";

let t: TestCluster;
beforeAll(async () => {
  t = await testCluster("objects");
});
afterAll(() => t?.cleanup());

const ALL = { basic: true, advanced: true, podExec: false };
const getJson = async (kind: string, name: string) => JSON.parse(await t.kubectl("-n", t.namespace, "get", kind, name, "-o", "json"));

describe("object actions", () => {
  it("replaces an object from a manifest carrying its current resourceVersion", async () => {
    await t.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" }, data: { mode: "a" } });
    const loaded = await getJson("configmap", "settings");
    const p = progress();
    const result = await kubeExecutor(t.cluster, ALL)({ kind: "k8s.replace", manifest: { ...loaded, data: { mode: "b" } } }, p.log, p.stage);
    const after = await getJson("configmap", "settings");
    expect(after.data).toEqual({ mode: "b" });
    expect(result.resourceVersion).toBe(after.metadata.resourceVersion);
  });

  it("refuses a replace built on a stale copy as a conflict, and changes nothing", async () => {
    await t.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "contended" }, data: { owner: "first" } });
    const stale = (await getJson("configmap", "contended")) as KubeObject;
    // Someone else edits it after we loaded it.
    await t.kubectl("-n", t.namespace, "patch", "configmap", "contended", "--type=merge", "-p", '{"data":{"owner":"second"}}');
    const before = await getJson("configmap", "contended");
    const p = progress();
    const run = kubeExecutor(t.cluster, ALL)({ kind: "k8s.replace", manifest: { ...stale, data: { owner: "mine" } } }, p.log, p.stage);
    await expect(run).rejects.toThrow(/^conflict: the object changed since you loaded it .*nothing was changed/);
    const after = await getJson("configmap", "contended");
    expect(after.data).toEqual({ owner: "second" });
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it("creates an object from a manifest, and refuses a duplicate or a namespaced kind without a namespace, changing nothing", async () => {
    const run = kubeExecutor(t.cluster, ALL);
    const p = progress();
    const manifest = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "fresh", namespace: t.namespace }, data: { mode: "new" } };
    const result = await run({ kind: "k8s.create", manifest }, p.log, p.stage);
    const created = await getJson("configmap", "fresh");
    expect(created.data).toEqual({ mode: "new" });
    expect(result.uid).toBe(created.metadata.uid);

    await expect(run({ kind: "k8s.create", manifest: { ...manifest, data: { mode: "again" } } }, p.log, p.stage)).rejects.toThrow(
      /ConfigMap .*\/fresh already exists; nothing was changed/,
    );
    expect((await getJson("configmap", "fresh")).metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    await expect(run({ kind: "k8s.create", manifest: { ...manifest, metadata: { name: "nowhere" } } }, p.log, p.stage)).rejects.toThrow(
      /ConfigMap is namespaced: set metadata.namespace/,
    );
    await expect(
      run({ kind: "k8s.create", manifest: { apiVersion: "v1", kind: "Gizmo", metadata: { name: "g", namespace: t.namespace } } }, p.log, p.stage),
    ).rejects.toThrow(/does not serve Gizmo in v1/);
  });

  it("deletes objects of any kind through the generic object API", async () => {
    await t.create(deployment("doomed", 1));
    await t.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "doomed" }, data: {} });
    const run = kubeExecutor(t.cluster, ALL);
    const p = progress();
    await run({ kind: "k8s.delete", apiVersion: "apps/v1", objectKind: "Deployment", namespace: t.namespace, name: "doomed" }, p.log, p.stage);
    await run({ kind: "k8s.delete", apiVersion: "v1", objectKind: "ConfigMap", namespace: t.namespace, name: "doomed" }, p.log, p.stage);
    await expect(t.kubectl("-n", t.namespace, "get", "deployment", "doomed")).rejects.toThrow(/NotFound|not found/);
    await expect(t.kubectl("-n", t.namespace, "get", "configmap", "doomed")).rejects.toThrow(/NotFound|not found/);
    await expect(
      run({ kind: "k8s.delete", apiVersion: "v1", objectKind: "ConfigMap", namespace: t.namespace, name: "doomed" }, p.log, p.stage),
    ).rejects.toThrow(/Could not delete ConfigMap .*\/doomed: configmaps "doomed" not found/);
  });

  it("refuses a namespace on a cluster-wide kind and a missing one on a namespaced kind, whatever core sent, changing nothing", async () => {
    const run = kubeExecutor(t.cluster, ALL);
    const p = progress();
    const role = `wh-test-role-${t.namespace}`;
    await t.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: role }, rules: [] });
    try {
      await expect(
        run({ kind: "k8s.delete", apiVersion: "v1", objectKind: "Namespace", namespace: t.namespace, name: t.namespace }, p.log, p.stage),
      ).rejects.toThrow("Namespace is cluster-wide: remove namespace");
      await expect(
        run({ kind: "k8s.delete", apiVersion: "rbac.authorization.k8s.io/v1", objectKind: "ClusterRole", namespace: t.namespace, name: role }, p.log, p.stage),
      ).rejects.toThrow("ClusterRole is cluster-wide: remove namespace");
      const loaded = JSON.parse(await t.kubectl("get", "clusterrole", role, "-o", "json"));
      const replaced = run(
        {
          kind: "k8s.replace",
          manifest: { ...loaded, metadata: { ...loaded.metadata, namespace: t.namespace }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] },
        },
        p.log,
        p.stage,
      );
      await expect(replaced).rejects.toThrow("ClusterRole is cluster-wide: remove metadata.namespace");
      const created = run(
        {
          kind: "k8s.create",
          manifest: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: `${role}-2`, namespace: t.namespace } },
        },
        p.log,
        p.stage,
      );
      await expect(created).rejects.toThrow("ClusterRole is cluster-wide: remove metadata.namespace");
      await t.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "scoped" }, data: { a: "1" } });
      await expect(run({ kind: "k8s.delete", apiVersion: "v1", objectKind: "ConfigMap", name: "scoped" }, p.log, p.stage)).rejects.toThrow(
        "ConfigMap is namespaced: set namespace",
      );
      const cm = await getJson("configmap", "scoped");
      const unscoped = { ...cm, metadata: { ...cm.metadata, namespace: undefined }, data: { a: "2" } };
      await expect(run({ kind: "k8s.replace", manifest: unscoped }, p.log, p.stage)).rejects.toThrow("ConfigMap is namespaced: set metadata.namespace");

      expect(JSON.parse(await t.kubectl("get", "namespace", t.namespace, "-o", "json")).status.phase).toBe("Active");
      expect(JSON.parse(await t.kubectl("get", "clusterrole", role, "-o", "json")).rules ?? []).toEqual([]);
      await expect(t.kubectl("get", "clusterrole", `${role}-2`)).rejects.toThrow(/NotFound|not found/);
      expect((await getJson("configmap", "scoped")).data).toEqual({ a: "1" });
    } finally {
      await t.kubectl("delete", "clusterrole", role).catch(() => {});
    }
  });

  it("deletes a pod, which its Deployment replaces", async () => {
    await t.create(deployment("healing", 1));
    const first = await until(async () => JSON.parse(await t.kubectl("-n", t.namespace, "get", "pods", "-l", "app=healing", "-o", "json")).items[0], "the pod");
    const p = progress();
    await kubeExecutor(t.cluster, ALL)({ kind: "k8s.deletePod", namespace: t.namespace, name: first.metadata.name }, p.log, p.stage);
    await until(async () => {
      const pods = JSON.parse(await t.kubectl("-n", t.namespace, "get", "pods", "-l", "app=healing", "-o", "json")).items as { metadata: { uid: string } }[];
      return pods.length === 1 && pods[0]?.metadata.uid !== first.metadata.uid;
    }, "a replacement pod");
  });
});
