// The cluster watch against the real local cluster: a full list first, then every change of
// a Deployment this test creates, scales and deletes; Secrets without their values; CronJob
// watched at the version the cluster serves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentMessage } from "@/lib/protocol/agent";
import { kubeCapabilities } from "./cluster";
import { deployment, testCluster, until, type TestCluster } from "./test-support";
import { watchCluster } from "./watch";

type K8sMessage = Extract<AgentMessage, { type: "k8s.list" | "k8s.change" }>;
type Seen = { type: "list" | "ADDED" | "MODIFIED" | "DELETED"; object: Extract<K8sMessage, { type: "k8s.change" }>["object"] };

let t: TestCluster;
beforeAll(async () => {
  t = await testCluster("watch");
});
afterAll(() => t?.cleanup());

function recorder() {
  const sent: K8sMessage[] = [];
  const send = (m: AgentMessage) => void ((m.type === "k8s.list" || m.type === "k8s.change") && sent.push(m));
  const mine = (name: string): Seen[] =>
    sent.flatMap((m): Seen[] =>
      m.type === "k8s.list"
        ? m.objects.filter((o) => o.metadata.namespace === t.namespace && o.metadata.name === name).map((object) => ({ type: "list", object }))
        : m.object.metadata.namespace === t.namespace && m.object.metadata.name === name
          ? [{ type: m.action, object: m.object }]
          : [],
    );
  return { sent, send, mine };
}

describe("watch", () => {
  it("sends a list, then ADDED/MODIFIED/DELETED for a Deployment as it changes", async () => {
    const r = recorder();
    const watch = watchCluster(t.cluster.client, t.cluster.discovery, r.send, { kinds: ["Deployment"] });
    try {
      await until(() => r.sent.some((m) => m.type === "k8s.list"), "the first list");
      expect(r.sent[0]).toMatchObject({ type: "k8s.list", kind: "Deployment" });

      await t.create(deployment("web", 1));
      const added = await until(() => r.mine("web").find((e) => e.type === "ADDED"), "ADDED");
      expect(added.object).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment", spec: { replicas: 1 } });
      expect(added.object.metadata).not.toHaveProperty("managedFields");

      await t.kubectl("-n", t.namespace, "scale", "deployment/web", "--replicas=2");
      await until(() => r.mine("web").find((e) => e.type === "MODIFIED" && (e.object.spec as { replicas: number }).replicas === 2), "MODIFIED with replicas 2");

      await t.kubectl("-n", t.namespace, "delete", "deployment/web");
      await until(() => r.mine("web").find((e) => e.type === "DELETED"), "DELETED");
      // Every change came after the list, in the order the API server made them.
      const types = r.mine("web").map((e) => e.type);
      expect(types[0]).toBe("ADDED");
      expect(types.at(-1)).toBe("DELETED");
    } finally {
      watch.stop();
    }
  });

  it("forwards Secrets with their keys and without their values", async () => {
    const r = recorder();
    await t.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "before" }, stringData: { password: "s3cr3t-before" } });
    const watch = watchCluster(t.cluster.client, t.cluster.discovery, r.send, { kinds: ["Secret"] });
    try {
      const listed = await until(() => r.mine("before").find((e) => e.type === "list"), "the Secret in the list");
      expect(listed.object.data).toEqual({ password: "" });
      await t.kubectl("-n", t.namespace, "create", "secret", "generic", "after", "--from-literal=token=s3cr3t-after");
      const added = await until(() => r.mine("after").find((e) => e.type === "ADDED"), "the new Secret");
      expect(added.object.data).toEqual({ token: "" });
      const everything = JSON.stringify(r.sent);
      for (const value of ["s3cr3t-before", "s3cr3t-after", Buffer.from("s3cr3t-before").toString("base64"), Buffer.from("s3cr3t-after").toString("base64")]) {
        expect(everything).not.toContain(value);
      }
    } finally {
      watch.stop();
    }
  });

  it("watches CronJobs at the version the cluster serves, as announced in the capabilities", async () => {
    const caps = await kubeCapabilities(t.cluster, { basic: false, advanced: false, podExec: false });
    // Kubernetes serves batch/v1 CronJob from 1.21; the test cluster is 1.20.
    const minor = Number(/^v1\.(\d+)/.exec(caps.serverVersion)?.[1]);
    expect(caps.cronJobApiVersion).toBe(minor >= 21 ? "batch/v1" : "batch/v1beta1");
    const r = recorder();
    const cronJob = {
      apiVersion: caps.cronJobApiVersion,
      kind: "CronJob",
      metadata: { name: "nightly" },
      spec: {
        schedule: "0 3 * * *",
        jobTemplate: {
          spec: {
            template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "local/busybox:1", imagePullPolicy: "Never", command: ["true"] }] } },
          },
        },
      },
    };
    await t.create(cronJob);
    const watch = watchCluster(t.cluster.client, t.cluster.discovery, r.send, { kinds: ["CronJob"] });
    try {
      const listed = await until(() => r.mine("nightly").find((e) => e.type === "list"), "the CronJob in the list");
      expect(listed.object.apiVersion).toBe(caps.cronJobApiVersion);
    } finally {
      watch.stop();
    }
  });
});
