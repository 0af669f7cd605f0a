// Kubernetes scope comes from the object, not from the request: a user whose policy covers one
// namespace must not reach cluster-wide kinds (Namespace, ClusterRole, PersistentVolume,
// ClusterRoleBinding) by naming her namespace in the request. Real core, real agent, real cluster;
// kubectl shows what changed.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runKubeAction } from "@/lib/kube/actions";
import { getUpdate, listUpdates } from "@/lib/updates/list";
import { ensureKubernetes } from "@/scripts/lib/k8s";
import { connectAgent, finishedUpdate, until } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { grant } from "../helpers/resources";

const suffix = Date.now().toString(36);
const teamNs = `wh-scope-team-${suffix}`;
const victimNs = `wh-scope-victim-${suffix}`;
const clusterRole = `wh-scope-role-${suffix}`;
const pv = `wh-scope-pv-${suffix}`;
const binding = `wh-scope-binding-${suffix}`;
let kubeconfig: string;
let disconnect: (() => Promise<void>) | undefined;
let teamUser: TestUser;
let clusterWide: TestUser;
let clusterId: string;

const kubectl = (...args: string[]) =>
  execFileSync("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
const exists = (...what: string[]) => {
  try {
    kubectl("get", ...what, "-o", "name");
    return true;
  } catch {
    return false;
  }
};
const apply = (manifest: object) =>
  execFileSync("kubectl", ["apply", "-f", "-"], { input: JSON.stringify(manifest), env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8" });
const bindingManifest = (namespace?: string) => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRoleBinding",
  metadata: { name: binding, ...(namespace ? { namespace } : {}) },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
  subjects: [{ kind: "ServiceAccount", name: "default", namespace: teamNs }],
});

beforeAll(async () => {
  ({ kubeconfig } = await ensureKubernetes());
  kubectl("create", "namespace", teamNs);
  kubectl("create", "namespace", victimNs);
  kubectl("create", "clusterrole", clusterRole, "--verb=get", "--resource=pods");
  apply({
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: pv },
    spec: { capacity: { storage: "1Mi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: `/tmp/${pv}` } },
  });
  await resetDb();
  const admin = await makeUser({ admin: true });
  teamUser = await makeUser();
  clusterWide = await makeUser();
  await db.kubePolicy.create({ data: { userId: teamUser.id, clusters: "local", namespaces: teamNs, actions: ["view", "edit", "delete"] } });
  await db.kubePolicy.create({ data: { userId: clusterWide.id, clusters: "local", namespaces: "*", actions: ["view", "edit", "delete"] } });
  ({ id: clusterId, close: disconnect } = await connectAgent(admin.actor, "cluster", "local", ["--kubeconfig", kubeconfig, "--actions-advanced"]));
}, 1_800_000);

afterAll(async () => {
  // By the names this file created, never by pattern: other runs may share the cluster.
  for (const what of [
    ["namespace", teamNs],
    ["namespace", victimNs],
    ["clusterrole", clusterRole],
    ["pv", pv],
    ["clusterrolebinding", binding],
  ]) {
    try {
      kubectl("delete", ...what, "--wait=false");
    } catch {
      // already gone
    }
  }
  await disconnect?.();
});

/** "refused" for a 403 or a 404 (no view on the whole cluster): either way nothing was sent to the cluster. */
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "allowed",
    (e: { code?: string }) => (e.code === "FORBIDDEN" || e.code === "NOT_FOUND" ? "refused" : (e.code ?? String(e))),
  );
const del = (user: TestUser, apiVersion: string, objectKind: string, name: string, namespace?: string) =>
  runKubeAction(user.actor, { clusterId, payload: { kind: "k8s.delete", apiVersion, objectKind, name, ...(namespace ? { namespace } : {}) } });

describe("a policy on one namespace", () => {
  it("can't delete a Namespace, a ClusterRole or a PersistentVolume by naming its own namespace", async () => {
    for (const namespace of [teamNs, undefined]) {
      expect(await refusal(del(teamUser, "v1", "Namespace", victimNs, namespace))).toBe("refused");
      expect(await refusal(del(teamUser, "rbac.authorization.k8s.io/v1", "ClusterRole", clusterRole, namespace))).toBe("refused");
      expect(await refusal(del(teamUser, "v1", "PersistentVolume", pv, namespace))).toBe("refused");
    }
    expect(exists("namespace", victimNs)).toBe(true);
    expect(kubectl("get", "namespace", victimNs, "-o", "jsonpath={.status.phase}")).toBe("Active");
    expect(exists("clusterrole", clusterRole)).toBe(true);
    expect(exists("pv", pv)).toBe(true);
    expect(await db.update.count({ where: { operatorId: teamUser.id } })).toBe(0);
  });

  it("can't create a ClusterRoleBinding that makes its service account cluster-admin", async () => {
    const created = runKubeAction(teamUser.actor, { clusterId, payload: { kind: "k8s.create", manifest: bindingManifest(teamNs) } });
    expect(await refusal(created)).toBe("refused");
    expect(exists("clusterrolebinding", binding)).toBe(false);
  });

  it("still deletes what lives in its namespace", async () => {
    kubectl("-n", teamNs, "create", "configmap", "mine");
    const { updateId } = await del(teamUser, "v1", "ConfigMap", "mine", teamNs);
    expect((await finishedUpdate(updateId)).success).toBe(true);
    expect(exists("-n", teamNs, "configmap", "mine")).toBe(false);
  });
});

describe("the scope of a request must fit the kind", () => {
  it("refuses a namespace on a cluster-wide kind and a missing one on a namespaced kind, even for a cluster-wide policy", async () => {
    const created = runKubeAction(clusterWide.actor, { clusterId, payload: { kind: "k8s.create", manifest: bindingManifest(teamNs) } });
    await expect(created).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fields: { "metadata.namespace": ["ClusterRoleBinding is cluster-wide: remove metadata.namespace"] },
    });
    expect(exists("clusterrolebinding", binding)).toBe(false);
    kubectl("-n", teamNs, "create", "configmap", "kept");
    await expect(del(clusterWide, "v1", "ConfigMap", "kept")).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fields: { namespace: ["ConfigMap is namespaced: set namespace"] },
    });
    expect(exists("-n", teamNs, "configmap", "kept")).toBe(true);
    await expect(del(clusterWide, "v1", "Gizmo", "g")).rejects.toMatchObject({ code: "INVALID_INPUT", message: "This cluster does not serve Gizmo in v1" });
  });
});

describe("a policy on every namespace of the cluster", () => {
  it("creates the ClusterRoleBinding and deletes the Namespace, the ClusterRole and the PersistentVolume", async () => {
    const created = await finishedUpdate(
      (await runKubeAction(clusterWide.actor, { clusterId, payload: { kind: "k8s.create", manifest: bindingManifest() } })).updateId,
    );
    expect(created.success).toBe(true);
    expect(exists("clusterrolebinding", binding)).toBe(true);
    for (const [apiVersion, kind, name] of [
      ["v1", "Namespace", victimNs],
      ["rbac.authorization.k8s.io/v1", "ClusterRole", clusterRole],
      ["v1", "PersistentVolume", pv],
    ] as const) {
      const done = await finishedUpdate((await del(clusterWide, apiVersion, kind, name)).updateId);
      expect(done.success, `${kind} ${name}: ${done.error}`).toBe(true);
    }
    expect(exists("clusterrole", clusterRole)).toBe(false);
    // A Namespace and a PV go through finalizers: gone, or on their way out.
    await until(
      async () => !exists("namespace", victimNs) || kubectl("get", "namespace", victimNs, "-o", "jsonpath={.status.phase}") === "Terminating",
      "the namespace to terminate",
    );
    await until(async () => !exists("pv", pv) || kubectl("get", "pv", pv, "-o", "jsonpath={.metadata.deletionTimestamp}") !== "", "the PV to be deleted");
  });
});

describe("the Updates of Kubernetes actions", () => {
  it("are visible only to people who may view the namespace acted in", async () => {
    const mine = await db.update.findMany({ where: { targetId: clusterId, namespace: { not: null } }, select: { id: true, namespace: true, operation: true } });
    const inTeam = mine.filter((u) => u.namespace === teamNs).map((u) => u.id);
    const clusterWideIds = mine.filter((u) => u.namespace === "").map((u) => u.id);
    expect(inTeam.length).toBeGreaterThan(0);
    expect(clusterWideIds.length).toBeGreaterThan(0);

    // Read on the cluster resource is not a view of its namespaces.
    const clusterReader = await makeUser();
    await grant({ userId: clusterReader.id }, "cluster", "Read", { id: clusterId });
    const seen = async (user: TestUser) =>
      (await listUpdates({ ...user.actor }, { targetType: "cluster", targetId: clusterId, limit: 200 })).items.map((u) => u.id);

    const byTeam = await seen(teamUser);
    expect(byTeam).toEqual(expect.arrayContaining(inTeam));
    for (const id of clusterWideIds) expect(byTeam).not.toContain(id);
    await expect(getUpdate({ ...teamUser.actor }, clusterWideIds[0]!)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const byReader = await seen(clusterReader);
    for (const id of [...inTeam, ...clusterWideIds]) expect(byReader).not.toContain(id);
    expect((await db.update.findMany({ where: { id: { in: byReader } }, select: { operation: true } })).map((u) => u.operation)).toContain("CreateCluster");

    expect(await seen(clusterWide)).toEqual(expect.arrayContaining([...inTeam, ...clusterWideIds]));
  });
});
