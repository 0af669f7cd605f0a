// Helpers for the cluster-mode integration tests: the local cluster (scripts/lib/k8s.ts), a
// namespace per test file created and deleted by the name it was given, kubectl to read the
// cluster the way an operator would, and busybox workloads that run without a registry.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { ensureKubernetes } from "../../scripts/lib/k8s";
import { noLog, noStage, type LogFn, type StageFn } from "../docker/progress";
import { connectCluster, type Cluster } from "./cluster";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw API JSON

export const IMAGE = "local/busybox:1";

export interface TestCluster {
  cluster: Cluster;
  kubeconfig: string;
  namespace: string;
  kubectl(...args: string[]): Promise<string>;
  /** Creates an object from a manifest (namespaced ones land in the test namespace). */
  create(manifest: Json): Promise<Json>;
  cleanup(): Promise<void>;
}

export async function testCluster(label: string): Promise<TestCluster> {
  const { kubeconfig } = await ensureKubernetes();
  const cluster = connectCluster(kubeconfig);
  const namespace = `wh-test-${label}-${randomBytes(3).toString("hex")}`;
  const kubectl = (...args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile("kubectl", ["--kubeconfig", kubeconfig, ...args], { maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) =>
        err ? reject(new Error(`kubectl ${args.join(" ")}: ${stderr || err.message}`)) : resolve(stdout),
      ),
    );
  await cluster.client.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } } });
  // Pods can't be created until the namespace's default ServiceAccount exists and its token is
  // ready ("No API token found … retry after the token is automatically created"): a dry-run pod
  // goes through the same admission, so once it passes, a real one does.
  const probe = { apiVersion: "v1", kind: "Pod", metadata: { name: "probe" }, spec: { containers: [{ name: "main", image: IMAGE }] } };
  await until(
    () =>
      cluster.client.request("POST", `/api/v1/namespaces/${namespace}/pods`, { body: probe, query: { dryRun: "All" } }).then(
        () => true,
        () => false,
      ),
    "the namespace to admit pods (its default service account and token)",
    60_000,
  );
  return {
    cluster,
    kubeconfig,
    namespace,
    kubectl,
    async create(manifest) {
      const r = await cluster.discovery.resource(manifest.apiVersion, manifest.kind);
      const m: Json = r?.namespaced ? { ...manifest, metadata: { namespace, ...manifest.metadata } } : manifest;
      return cluster.client.request("POST", await cluster.discovery.path(m.apiVersion, m.kind, m.metadata.namespace), { body: m });
    },
    // By the name this file created, never by pattern: other runs may share the cluster.
    cleanup: () =>
      cluster.client.request("DELETE", `/api/v1/namespaces/${namespace}`).then(
        () => {},
        () => {},
      ),
  };
}

export async function until<T>(check: () => Promise<T | false | undefined | null> | T | false | undefined | null, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A busybox pod template that stops at once (sleep as PID 1 ignores SIGTERM, so no grace period). */
export function podTemplate(labels: Record<string, string>, command = ["sleep", "3600"]) {
  return {
    metadata: { labels },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: "main", image: IMAGE, imagePullPolicy: "Never", command }] },
  };
}

export function deployment(name: string, replicas = 1) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }) },
  };
}

/** Collects what an action streams, for assertions on its progress output. */
export function progress() {
  const lines: string[] = [];
  const stages: string[] = [];
  const log: LogFn = (stage, stream, line) => lines.push(`${stage} ${stream}: ${line}`);
  const stage: StageFn = (name, _cmd, status, success) => stages.push(`${name}:${status}${success === undefined ? "" : `:${success}`}`);
  return { lines, stages, log, stage };
}

export { noLog, noStage };
