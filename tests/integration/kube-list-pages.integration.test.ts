// Big lists travel in pages (issue 8 §4). A namespace with 600 ConfigMaps of 4 KB used to make
// one 2.4 MB k8s.list frame: core closed the agent's socket with 1009 on its first list, and
// the agent reconnected every second forever. Now the agent sends pages under the frame limit
// and core replaces its stored set only when the last page arrives.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { listServices } from "@/lib/kube/catalog";
import { ingestList, ingestListPage } from "@/lib/kube/ingest";
import type { KubeObject } from "@/lib/protocol/kube";
import { createResource } from "@/lib/resources/write";
import { ensureKubernetes } from "@/scripts/lib/k8s";
import { startAgent, startCore, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

let admin: TestUser;

const configMap = (namespace: string, name: string, rv = "1"): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: rv },
  data: { k: name },
});
const stored = async (clusterId: string, namespace: string) =>
  (await db.kubeObject.findMany({ where: { clusterId, kind: "ConfigMap", namespace }, select: { name: true }, orderBy: { name: "asc" } })).map((r) => r.name);

describe("k8s.list pages on core", () => {
  let clusterId: string;
  let agentId: string;

  beforeAll(async () => {
    await resetDb();
    admin = await makeUser({ admin: true });
    clusterId = (await createResource(admin.actor, "cluster", { name: "paged" })).id;
    agentId = (await db.agent.create({ data: { name: "paged-agent", mode: "kubernetes", clusters: { connect: { id: clusterId } } } })).id;
  });

  it("replaces the stored set only when the last page arrives; a list started again drops the pages of the one before", async () => {
    await ingestList(agentId, "ConfigMap", [configMap("ns", "a"), configMap("ns", "b")]);
    const connection = { agentId };
    await ingestListPage(connection, "ConfigMap", [configMap("ns", "b", "2"), configMap("ns", "c")], 0, true);
    expect(await stored(clusterId, "ns")).toEqual(["a", "b"]);
    await ingestListPage(connection, "ConfigMap", [configMap("ns", "d")], 1, false);
    expect(await stored(clusterId, "ns")).toEqual(["b", "c", "d"]);

    // A re-list (after a 410, say) starts at page 0 again: what the cut-short list had sent is not kept.
    await ingestListPage(connection, "ConfigMap", [configMap("ns", "x")], 0, true);
    await ingestListPage(connection, "ConfigMap", [configMap("ns", "y")], 0, true);
    expect(await stored(clusterId, "ns")).toEqual(["b", "c", "d"]);
    await ingestListPage(connection, "ConfigMap", [configMap("ns", "z")], 1, false);
    expect(await stored(clusterId, "ns")).toEqual(["y", "z"]);

    // A page out of sequence changes nothing.
    await ingestListPage(connection, "ConfigMap", [], 5, false);
    expect(await stored(clusterId, "ns")).toEqual(["y", "z"]);
    // Another connection of the same agent has its own pages.
    const replaced = { agentId };
    await ingestListPage(connection, "ConfigMap", [configMap("ns", "old")], 0, true);
    await ingestListPage(replaced, "ConfigMap", [configMap("ns", "new")], 0, false);
    expect(await stored(clusterId, "ns")).toEqual(["new"]);
  });
});

describe("a namespace with 600 ConfigMaps of 4 KB", () => {
  const ns = `wh-pages-${Date.now().toString(36)}`;
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "wh-kagent-"));
  let kubeconfig: string;
  let core: Awaited<ReturnType<typeof startCore>>;
  let agent: AgentProcess | undefined;
  let clusterId: string;
  const kubectl = (args: string[], input?: string) =>
    execFileSync("kubectl", args, { input, env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  /** The test's ConfigMaps (the namespace also has kube-root-ca.crt). */
  const ours = async () => (await stored(clusterId, ns)).filter((n) => n.startsWith("cm-"));
  const connected = async () => ((await db.cluster.findUniqueOrThrow({ where: { id: clusterId } })).info as { status?: string }).status === "ok";

  beforeAll(async () => {
    ({ kubeconfig } = await ensureKubernetes());
    kubectl(["create", "namespace", ns]);
    const items: object[] = Array.from({ length: 600 }, (_, i) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `cm-${String(i).padStart(3, "0")}`, namespace: ns },
      data: { blob: "x".repeat(4096) },
    }));
    items.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: ns },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "app", image: "local/busybox:1", imagePullPolicy: "Never", command: ["sleep", "3600"] }] },
        },
      },
    });
    kubectl(["create", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items }));
    await resetDb();
    admin = await makeUser({ admin: true });
    core = await startCore();
    clusterId = (await createResource(admin.actor, "cluster", { name: "local" })).id;
  }, 1_800_000);

  afterAll(async () => {
    if (agent) await stopAgent(agent);
    await core?.close();
    try {
      kubectl(["delete", "namespace", ns, "--wait=false"]);
    } catch {
      // already gone
    }
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("an agent lists it, stays connected, and it appears in Wheelhouse; restarted, it lists it again", async () => {
    const { token } = await createEnrollmentToken(admin.actor, clusterId, "cluster");
    agent = startAgent(core.url, stateDir, token, ["--kubeconfig", kubeconfig]);
    await until(async () => (await connected()) && (await ours()).length === 600, `600 ConfigMaps stored:\n${agent.output()}`, 180_000);
    expect(await listServices(admin.actor, { clusterId, namespace: ns })).toEqual([expect.objectContaining({ name: "web", namespace: ns })]);

    // Restarted (a fresh first list of everything), with one ConfigMap deleted while it was away: only a full list can tell.
    await stopAgent(agent);
    kubectl(["-n", ns, "delete", "configmap", "cm-007"]);
    agent = startAgent(core.url, stateDir, undefined, ["--kubeconfig", kubeconfig]);
    const names = await until(
      async () => (await connected()) && (await ours()).length === 599 && (await ours()),
      `the re-list without cm-007:\n${agent.output()}`,
      180_000,
    );
    expect(names).not.toContain("cm-007");
    const output = agent.output();
    expect(output.match(/connected to /g)).toHaveLength(1);
    expect(output).not.toMatch(/disconnected|not sent/);
  }, 600_000);
});
