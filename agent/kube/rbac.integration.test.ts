// deploy/agent's RBAC against a real API server, acting as the agent's service account
// (impersonated): the read-only role is enough to watch every kind; each action is forbidden
// until its capability's file is applied, then works. The files' cluster-wide names get a
// suffix here so this test never touches a real installation's roles.
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { KubeConfig, loadAllYaml } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WATCHED_KINDS } from "@/lib/protocol/kube";
import type { AgentMessage } from "@/lib/protocol/agent";
import { kubeExecutor } from "./actions";
import { clusterFromConfig, type Cluster } from "./cluster";
import { podShell } from "./pod-shell";
import { deployment, IMAGE, progress, testCluster, until, type TestCluster } from "./test-support";
import { watchCluster } from "./watch";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw manifests

const suffix = randomBytes(3).toString("hex");
let t: TestCluster;
let agent: Cluster;
const created: { path: string }[] = [];
const ALL = { basic: true, advanced: true, podExec: true };

/** One deploy/agent file's RBAC objects, renamed into this test's namespace and suffix. */
function rbacOf(file: string): Json[] {
  const docs = loadAllYaml(readFileSync(new URL(`../../deploy/agent/${file}`, import.meta.url), "utf8")) as Json[];
  return docs
    .filter((d) => ["ServiceAccount", "ClusterRole", "ClusterRoleBinding"].includes(d.kind))
    .map((d) => {
      if (d.kind === "ServiceAccount") return { ...d, metadata: { ...d.metadata, namespace: t.namespace } };
      const renamed: Json = { ...d, metadata: { ...d.metadata, name: `${d.metadata.name}-${suffix}` } };
      if (d.kind === "ClusterRoleBinding") {
        renamed.roleRef = { ...d.roleRef, name: `${d.roleRef.name}-${suffix}` };
        renamed.subjects = d.subjects.map((s: Json) => ({ ...s, namespace: t.namespace }));
      }
      return renamed;
    });
}

async function apply(file: string) {
  for (const doc of rbacOf(file)) {
    await t.create(doc);
    if (doc.kind !== "ServiceAccount") created.push({ path: await t.cluster.discovery.path(doc.apiVersion, doc.kind, undefined, doc.metadata.name) });
  }
}

const sa = () => `system:serviceaccount:${t.namespace}:wheelhouse-agent`;
const canI = (...args: string[]) =>
  t.kubectl("auth", "can-i", ...args, `--as=${sa()}`).then(
    (o) => o.trim(),
    () => "no",
  );

beforeAll(async () => {
  t = await testCluster("rbac");
  await apply("agent.yaml");
  const kc = new KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  kc.loadFromOptions({
    clusters: kc.clusters,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
    users: kc.users.map((u) => ({ ...u, impersonateUser: sa() })),
  });
  agent = clusterFromConfig(kc);
});
afterAll(async () => {
  for (const { path } of created.reverse()) await t.cluster.client.request("DELETE", path).catch(() => {});
  await t?.cleanup();
});

describe("deploy/agent RBAC", () => {
  it("lets the read-only agent list and watch every watched kind", async () => {
    const listed = new Set<string>();
    const problems: string[] = [];
    const watch = watchCluster(agent.client, agent.discovery, (m: AgentMessage) => void (m.type === "k8s.list" && listed.add(m.kind)), {
      log: (l) => problems.push(l),
    });
    try {
      await until(() => listed.size === WATCHED_KINDS.length || problems.length > 0, "a list of every kind", 30_000);
    } finally {
      watch.stop();
    }
    expect(problems).toEqual([]);
    expect([...listed].sort()).toEqual([...WATCHED_KINDS].sort());
  });

  it("forbids basic actions until actions-basic.yaml is applied, then runs them", async () => {
    await t.create(deployment("web", 1));
    await t.create({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "once" },
      spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: IMAGE, imagePullPolicy: "Never", command: ["true"] }] } } },
    });
    const run = kubeExecutor(agent, ALL);
    const p = progress();
    const scale = () => run({ kind: "k8s.scale", target: { kind: "Deployment", namespace: t.namespace, name: "web" }, replicas: 2 }, p.log, p.stage);
    await expect(scale()).rejects.toThrow(/forbidden/);
    await apply("actions-basic.yaml");
    await until(
      () =>
        scale().then(
          () => true,
          () => false,
        ),
      "scale to be allowed",
      15_000,
    );
    await run({ kind: "k8s.restart", target: { kind: "Deployment", namespace: t.namespace, name: "web" } }, p.log, p.stage);
    await until(
      async () =>
        (await t.kubectl("-n", t.namespace, "get", "deploy", "web", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")) === "2",
      "revision 2",
    );
    await run({ kind: "k8s.rollback", target: { kind: "Deployment", namespace: t.namespace, name: "web" } }, p.log, p.stage);
    await run({ kind: "k8s.rerunJob", namespace: t.namespace, name: "once" }, p.log, p.stage);
    // Not one the rollouts above are already taking away: deleting that could find it gone.
    await t.kubectl("-n", t.namespace, "rollout", "status", "deployment/web", "--timeout=120s");
    const pod = await until(
      async () =>
        JSON.parse(await t.kubectl("-n", t.namespace, "get", "pods", "-l", "app=web", "-o", "json")).items.find(
          (p: { metadata: { deletionTimestamp?: string } }) => !p.metadata.deletionTimestamp,
        ),
      "a pod",
    );
    await run({ kind: "k8s.deletePod", namespace: t.namespace, name: pod.metadata.name }, p.log, p.stage);
    const cronJobApiVersion = await agent.discovery.cronJobApiVersion();
    await t.create({
      apiVersion: cronJobApiVersion,
      kind: "CronJob",
      metadata: { name: "cron" },
      spec: {
        schedule: "0 0 30 2 *",
        jobTemplate: {
          spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: IMAGE, imagePullPolicy: "Never", command: ["true"] }] } } },
        },
      },
    });
    await run({ kind: "k8s.triggerCronJob", namespace: t.namespace, name: "cron" }, p.log, p.stage);
    // Still nothing advanced.
    expect(await canI("patch", "nodes")).toBe("no");
  });

  it("forbids advanced actions until actions-advanced.yaml is applied", async () => {
    await t.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "conf" }, data: { a: "1" } });
    const run = kubeExecutor(agent, ALL);
    const p = progress();
    const edit = async () => {
      const current = await t.cluster.client.request<Json>("GET", `/api/v1/namespaces/${t.namespace}/configmaps/conf`);
      return run({ kind: "k8s.replace", manifest: { ...current, data: { a: "2" } } as never }, p.log, p.stage);
    };
    await expect(edit()).rejects.toThrow(/forbidden/);
    expect([await canI("patch", "nodes"), await canI("create", "pods", "--subresource=eviction", "-n", t.namespace)]).toEqual(["no", "no"]);
    await apply("actions-advanced.yaml");
    await until(
      () =>
        edit().then(
          () => true,
          () => false,
        ),
      "edit to be allowed",
      15_000,
    );
    await run({ kind: "k8s.delete", apiVersion: "v1", objectKind: "ConfigMap", namespace: t.namespace, name: "conf" }, p.log, p.stage);
    // cordon/drain are checked, not run: the test cluster's one node is shared.
    expect([await canI("patch", "nodes"), await canI("create", "pods", "--subresource=eviction", "-n", t.namespace)]).toEqual(["yes", "yes"]);
  });

  it("forbids pod shells until pod-exec.yaml is applied", async () => {
    await t.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "box" },
      spec: { terminationGracePeriodSeconds: 0, containers: [{ name: "c", image: IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"] }] },
    });
    await until(async () => (await t.kubectl("-n", t.namespace, "get", "pod", "box", "-o", "jsonpath={.status.phase}")) === "Running", "the pod");
    const target = { namespace: t.namespace, pod: "box" };
    await expect(podShell(agent, target, 80, 24)).rejects.toThrow(/403/);
    await apply("pod-exec.yaml");
    const shell = await until(() => podShell(agent, target, 80, 24).catch(() => null), "exec to be allowed", 15_000);
    let out = "";
    shell.onData((c) => (out += c.toString()));
    shell.write(Buffer.from("echo he$((1))llo-$((6*7))\n"));
    await until(() => out.includes("he1llo-42"), "the shell's output");
    shell.kill();
  });
});
