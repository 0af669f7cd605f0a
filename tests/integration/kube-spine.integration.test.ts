// Cluster mode end to end: a real agent watching the local Kubernetes cluster, core turning
// what it sees into the catalog, timeline and health monitors, and actions run through core
// that change the cluster as kubectl shows.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { runKubeAction } from "@/lib/kube/actions";
import { listServices } from "@/lib/kube/catalog";
import { timeline } from "@/lib/kube/timeline";
import { createResource } from "@/lib/resources/write";
import { ensureKubernetes } from "@/scripts/lib/k8s";
import { finishedUpdate, startAgent, startCore, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

const ns = `wh-spine-${Date.now().toString(36)}`;
const stateDir = mkdtempSync(path.join(os.tmpdir(), "wh-kagent-"));
let kubeconfig: string;
let core: Awaited<ReturnType<typeof startCore>>;
let agent: AgentProcess;
let admin: TestUser;
let clusterId: string;
const uid = (name: string) => `Deployment|local|${ns}|${name}`;

const kubectl = (...args: string[]) => execFileSync("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8" });
/** Whether the Deployment controller has seen the latest spec (and recorded its revision). */
const observedLatest = (name: string) => {
  const [observed, latest] = kubectl("-n", ns, "get", "deployment", name, "-o", "jsonpath={.status.observedGeneration} {.metadata.generation}").split(" ");
  return observed === latest;
};
const apply = (manifest: object) =>
  execFileSync("kubectl", ["apply", "-f", "-"], { input: JSON.stringify(manifest), env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8" });

function deployment(name: string, command: string, image = "local/busybox:1") {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "app", image, imagePullPolicy: "Never", command: ["sh", "-c", command] }] },
      },
    },
  };
}

beforeAll(async () => {
  ({ kubeconfig } = await ensureKubernetes());
  kubectl("create", "namespace", ns);
  await resetDb();
  admin = await makeUser({ admin: true });
  core = await startCore();
  clusterId = (await createResource(admin.actor, "cluster", { name: "local" })).id;
  const { token } = await createEnrollmentToken(admin.actor, clusterId, "cluster");
  agent = startAgent(core.url, stateDir, token, ["--kubeconfig", kubeconfig, "--actions-basic", "--actions-advanced", "--pod-exec"]);
  await until(
    async () => ((await db.cluster.findUniqueOrThrow({ where: { id: clusterId } })).info as { status?: string }).status === "ok",
    `the cluster agent to connect:\n${agent.output()}`,
    60_000,
  );
}, 1_800_000);

afterAll(async () => {
  try {
    kubectl("delete", "namespace", ns, "--wait=false");
  } catch {
    // already gone
  }
  if (agent) await stopAgent(agent);
  await core?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("a workload seen through the agent", () => {
  it("appears in the catalog, and an image change becomes a deploy event with the image diff", async () => {
    apply(deployment("web", "sleep 3600"));
    await until(
      async () => (await listServices(admin.actor, { clusterId })).find((s) => s.komodorUid === uid("web") && s.replicas.ready === 1),
      "web to be ready in the catalog",
      90_000,
    );
    kubectl("-n", ns, "set", "image", "deployment/web", "app=local/busybox:1-renamed");
    const deploy = await until(async () => (await timeline(admin.actor, { komodorUid: uid("web"), type: ["deploy"] }))[0], "a deploy event", 30_000);
    expect(deploy.summary).toBe("Deploy: local/busybox:1 → local/busybox:1-renamed");
    kubectl("-n", ns, "set", "image", "deployment/web", "app=local/busybox:1");
  });

  it("scales, restarts and rolls back through core, as kubectl shows, each on the timeline", async () => {
    const scale = await finishedUpdate(
      (await runKubeAction(admin.actor, { clusterId, payload: { kind: "k8s.scale", target: { kind: "Deployment", namespace: ns, name: "web" }, replicas: 2 } }))
        .updateId,
    );
    expect(scale.success, scale.error ?? "").toBe(true);
    expect(kubectl("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.replicas}")).toBe("2");

    const restart = await finishedUpdate(
      (await runKubeAction(admin.actor, { clusterId, payload: { kind: "k8s.restart", target: { kind: "Deployment", namespace: ns, name: "web" } } })).updateId,
    );
    expect(restart.success, restart.error ?? "").toBe(true);
    expect(kubectl("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.template.metadata.annotations}")).toContain(
      "kubectl.kubernetes.io/restartedAt",
    );

    kubectl("-n", ns, "set", "image", "deployment/web", "app=local/busybox:1-v2");
    // Rollback goes one revision back from the one the controller last recorded: let it record this one.
    await until(async () => observedLatest("web"), "the controller to take in the new image");
    const rollback = await finishedUpdate(
      (await runKubeAction(admin.actor, { clusterId, payload: { kind: "k8s.rollback", target: { kind: "Deployment", namespace: ns, name: "web" } } })).updateId,
    );
    expect(rollback.success, rollback.error ?? "").toBe(true);
    expect(kubectl("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).toBe("local/busybox:1");

    const actions = await until(async () => {
      const events = await timeline(admin.actor, { komodorUid: uid("web"), type: ["action"] });
      return events.length >= 3 ? events : null;
    }, "three audited action events");
    expect(actions.map((e) => e.summary).join("\n")).toMatch(/Scale web to 2 by .*: done/);
  });

  it("opens restartingContainers for a crash-looping workload and resolves it once fixed", async () => {
    apply(deployment("crasher", "echo failing; exit 1"));
    const monitor = await until(
      () => db.healthMonitor.findFirst({ where: { komodorUid: uid("crasher"), checkType: "restartingContainers", status: "open" } }),
      "the restartingContainers monitor",
      120_000,
    );
    expect(monitor.supportingData).toMatchObject({ containers: [{ name: "app" }] });
    // Every pod change re-evaluates the monitor; the reason is whatever the crash reported.
    const reasons = await until(
      async () => {
        const { supportingData } = await db.healthMonitor.findUniqueOrThrow({ where: { id: monitor.id } });
        const breakdown = (supportingData as { restartReasons: { breakdown: { reason: string }[] } }).restartReasons.breakdown;
        return breakdown.length ? breakdown : null;
      },
      "the restart reasons",
      60_000,
    );
    expect(reasons).toEqual([expect.objectContaining({ reason: "ProcessExit", message: "Container exited with error - exit code: 1" })]);
    // Each crash is on the timeline once, though the pod status shows it twice (terminated, then restarted).
    const crashes = await timeline(admin.actor, { komodorUid: uid("crasher"), type: ["restart"] });
    const instances = crashes.map((e) => (e.details as { containerID?: string }).containerID);
    expect(instances.length).toBeGreaterThanOrEqual(2);
    expect(instances.every(Boolean) && new Set(instances).size === instances.length, JSON.stringify(crashes.map((e) => e.details))).toBe(true);
    apply(deployment("crasher", "sleep 3600"));
    await until(async () => (await db.healthMonitor.findUniqueOrThrow({ where: { id: monitor.id } })).status === "resolved", "the monitor to resolve", 120_000);
  });
});

describe("a crash seen through the agent", () => {
  it("puts a container that exits with an error on the timeline without waiting for a restart", async () => {
    apply({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "fails", namespace: ns },
      spec: {
        backoffLimit: 0,
        template: {
          spec: { restartPolicy: "Never", containers: [{ name: "app", image: "local/busybox:1", imagePullPolicy: "Never", command: ["sh", "-c", "exit 3"] }] },
        },
      },
    });
    // restartPolicy Never: restartCount never moves, so only the terminated state tells of the crash.
    const [crash] = await until(async () => {
      const events = await timeline(admin.actor, { komodorUid: `Job|local|${ns}|fails`, type: ["restart"] });
      return events.length ? events : null;
    }, "the crash event");
    expect(crash?.summary).toMatch(/^Container app in fails-\S+ crashed: Error \(exit code 3\)$/);
  });
});

describe("autoscaling and creating from YAML", () => {
  it("creates a workload from a manifest through core, and credits the scaling its HorizontalPodAutoscaler does to it", async () => {
    // The autoscaler comes first, so core has it before the workload it targets appears; once
    // it does, the autoscaler brings it up to its minimum without needing any metrics.
    apply({
      apiVersion: "autoscaling/v1",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "auto-hpa", namespace: ns },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "auto" }, minReplicas: 2, maxReplicas: 3 },
    });
    await until(
      () => db.kubeObject.findFirst({ where: { clusterId, kind: "HorizontalPodAutoscaler", namespace: ns, name: "auto-hpa" } }),
      "core to hold the autoscaler",
    );
    const created = await finishedUpdate(
      (await runKubeAction(admin.actor, { clusterId, payload: { kind: "k8s.create", manifest: deployment("auto", "sleep 3600") } })).updateId,
    );
    expect(created.success, created.error ?? "").toBe(true);
    const audit = await until(async () => (await timeline(admin.actor, { komodorUid: uid("auto"), type: ["action"] }))[0], "the audited create");
    expect(audit.summary).toMatch(/^Create Deployment auto by .*: done/);
    const scaled = await until(
      async () => (await timeline(admin.actor, { komodorUid: uid("auto"), type: ["replicas"] }))[0],
      "the autoscaler's replica change",
      90_000,
    );
    expect(scaled.summary).toBe("Autoscaled from 1 to 2 replicas by HorizontalPodAutoscaler auto-hpa");
    expect(scaled.details).toMatchObject({ source: "autoscaler", autoscaler: "auto-hpa" });
    expect(kubectl("-n", ns, "get", "deployment", "auto", "-o", "jsonpath={.spec.replicas}")).toBe("2");

    // A person scaling through Wheelhouse to a count inside the autoscaler's range is still the one credited.
    const scale = await finishedUpdate(
      (
        await runKubeAction(admin.actor, {
          clusterId,
          payload: { kind: "k8s.scale", target: { kind: "Deployment", namespace: ns, name: "auto" }, replicas: 3 },
        })
      ).updateId,
    );
    expect(scale.success, scale.error ?? "").toBe(true);
    const manual = await until(
      async () => (await timeline(admin.actor, { komodorUid: uid("auto"), type: ["replicas"] })).find((e) => e.summary.includes("to 3")),
      "the manual replica change",
    );
    expect(manual.summary).toBe(`Scaled from 2 to 3 replicas by ${admin.username}`);
    expect(manual.details).toMatchObject({ source: "manual", autoscaler: null, by: admin.username });
  });
});

describe("editing YAML", () => {
  it("applies a valid edit, refuses an invalid one before it reaches the cluster, and reports a stale edit as a conflict", async () => {
    const { getObject } = await import("@/lib/kube/object");
    const ref = { clusterId, kind: "Deployment", namespace: ns, name: "web" };
    // The test before left it rolling out, and every status write the controller makes moves its
    // resourceVersion on: edit what core holds once that has settled and core has caught up.
    kubectl("-n", ns, "rollout", "status", "deployment/web", "--timeout=120s");
    const loaded = await until(async () => {
      const o = await getObject(admin.actor, ref);
      return o.metadata.resourceVersion === kubectl("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.metadata.resourceVersion}") ? o : null;
    }, "core's copy of the settled deployment");
    const { editable: _editable, ...manifest } = loaded;
    const edit = (labelValue: string, from = manifest) => {
      const m = structuredClone(from) as typeof manifest & { metadata: { labels?: Record<string, string> } };
      m.metadata.labels = { ...m.metadata.labels, edited: labelValue };
      return m;
    };

    const noImage = edit("x") as unknown as { spec: { template: { spec: { containers: { image?: string }[] } } } };
    delete noImage.spec.template.spec.containers[0]!.image;
    await expect(runKubeAction(admin.actor, { clusterId, payload: { kind: "k8s.replace", manifest: noImage } })).rejects.toThrow(/isn't valid/);
    const renamed = { ...edit("x"), metadata: { ...edit("x").metadata, name: "other" } };
    await expect(runKubeAction(admin.actor, { clusterId, payload: { kind: "k8s.replace", manifest: renamed } })).rejects.toThrow(/Deployment other not found/);

    const ok = await finishedUpdate((await runKubeAction(admin.actor, { clusterId, payload: { kind: "k8s.replace", manifest: edit("yes") } })).updateId);
    expect(ok.success, ok.error ?? "").toBe(true);
    expect(kubectl("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.metadata.labels.edited}")).toBe("yes");

    // The same (now stale) resourceVersion again: the cluster refuses, nothing changes.
    const stale = await finishedUpdate((await runKubeAction(admin.actor, { clusterId, payload: { kind: "k8s.replace", manifest: edit("stale") } })).updateId);
    expect(stale.success).toBe(false);
    expect(stale.error).toMatch(/conflict/i);
    expect(kubectl("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.metadata.labels.edited}")).toBe("yes");
  });
});

describe("capabilities belong to the agent's operator", () => {
  it("refuses scale, even for an admin, when the agent runs without --actions-basic", async () => {
    await stopAgent(agent);
    agent = startAgent(core.url, stateDir, undefined, ["--kubeconfig", kubeconfig]);
    await until(async () => {
      const info = (await db.cluster.findUniqueOrThrow({ where: { id: clusterId } })).info as { status?: string; capabilities?: { basic?: boolean } };
      return info.status === "ok" && info.capabilities?.basic === false;
    }, "the agent to reconnect with basic actions off");
    await expect(
      runKubeAction(admin.actor, { clusterId, payload: { kind: "k8s.scale", target: { kind: "Deployment", namespace: ns, name: "web" }, replicas: 1 } }),
    ).rejects.toThrow(/actions\.basic turned off/);
    expect(kubectl("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.replicas}")).toBe("2");
  });
});
