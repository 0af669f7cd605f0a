// Cluster changes that arrive faster than core stores them are bounded in memory: past the
// backlog bound they are dropped, and once core has caught up the agent re-lists every kind, so
// what core holds ends up matching the cluster. Real core, real agent, real cluster.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setKubeBacklogLimit } from "@/lib/agents/kube-lane";
import { db } from "@/lib/db";
import { ensureKubernetes } from "@/scripts/lib/k8s";
import { connectAgent, until, type AgentProcess } from "../helpers/core-agent";
import { makeUser, resetDb } from "../helpers/db";

const ns = `wh-backlog-${Date.now().toString(36)}`;
const COUNT = 80;
let kubeconfig: string;
let agent: AgentProcess;
let disconnect: (() => Promise<void>) | undefined;
let clusterId: string;

const kubectl = (input: string, ...args: string[]) =>
  execFileSync("kubectl", args, { input, env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8" });

beforeAll(async () => {
  ({ kubeconfig } = await ensureKubernetes());
  kubectl("", "create", "namespace", ns);
  await resetDb();
  const admin = await makeUser({ admin: true });
  ({ agent, id: clusterId, close: disconnect } = await connectAgent(admin.actor, "cluster", "local", ["--kubeconfig", kubeconfig]));
  // Connected, and the first lists are in: ConfigMaps of kube-system are stored.
  await until(
    async () => (await db.kubeObject.count({ where: { clusterId, kind: "ConfigMap", namespace: "kube-system" } })) > 0,
    "the first list of ConfigMaps",
  );
  setKubeBacklogLimit(2);
}, 1_800_000);

afterAll(async () => {
  setKubeBacklogLimit(5000);
  try {
    kubectl("", "delete", "namespace", ns, "--wait=false");
  } catch {
    // already gone
  }
  await disconnect?.();
});

it("drops what overflows the backlog, re-lists once caught up, and ends up holding every object", async () => {
  const manifests = Array.from({ length: COUNT }, (_, i) =>
    JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, namespace: ns }, data: { i: String(i) } }),
  );
  const relists = () => agent.output().split("core fell behind on cluster changes: re-listing every kind").length - 1;
  const before = relists();
  kubectl(`{"apiVersion":"v1","kind":"List","items":[${manifests.join(",")}]}`, "create", "-f", "-");
  await until(async () => relists() > before, "the agent to be asked to re-list", 60_000);
  await until(
    async () => (await db.kubeObject.count({ where: { clusterId, kind: "ConfigMap", namespace: ns, name: { startsWith: "cm-" } } })) === COUNT,
    "every ConfigMap stored",
    60_000,
  );
  const stored = await db.kubeObject.findMany({ where: { clusterId, kind: "ConfigMap", namespace: ns, name: { startsWith: "cm-" } }, select: { name: true } });
  expect(stored.map((o) => o.name).sort()).toEqual(Array.from({ length: COUNT }, (_, i) => `cm-${i}`).sort());
});
