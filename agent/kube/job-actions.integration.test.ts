// Re-run a Job and trigger a CronJob now: each creates a new Job that runs to completion,
// and the originals are left as they were.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeExecutor } from "./actions";
import { IMAGE, progress, testCluster, until, type TestCluster } from "./test-support";

let t: TestCluster;
beforeAll(async () => {
  t = await testCluster("jobs");
});
afterAll(() => t?.cleanup());

const ALL = { basic: true, advanced: false, podExec: false };
const jobSpec = (message: string) => ({
  backoffLimit: 0,
  template: {
    spec: {
      restartPolicy: "Never",
      terminationGracePeriodSeconds: 0,
      containers: [{ name: "main", image: IMAGE, imagePullPolicy: "Never", command: ["echo", message] }],
    },
  },
});
const succeeded = async (job: string) => (await t.kubectl("-n", t.namespace, "get", "job", job, "-o", "jsonpath={.status.succeeded}")) === "1";
const logsOf = (job: string) => t.kubectl("-n", t.namespace, "logs", `job/${job}`);

describe("job actions", () => {
  it("re-runs a Job as <name>-rerun-<suffix>, which completes; the original stays", async () => {
    await t.create({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "migrate", labels: { team: "data" } }, spec: jobSpec("migrated") });
    await until(() => succeeded("migrate"), "the original Job to complete");
    const p = progress();
    const result = await kubeExecutor(t.cluster, ALL)({ kind: "k8s.rerunJob", namespace: t.namespace, name: "migrate" }, p.log, p.stage);
    const job = result.job as string;
    expect(job).toMatch(/^migrate-rerun-[a-z0-9]{5}$/);
    await until(() => succeeded(job), "the re-run to complete");
    expect((await logsOf(job)).trim()).toBe("migrated");
    // Its own selector and labels, with the user's labels carried over.
    const labels = JSON.parse(await t.kubectl("-n", t.namespace, "get", "job", job, "-o", "jsonpath={.spec.template.metadata.labels}"));
    expect(labels).toMatchObject({ "job-name": job, "controller-uid": result.uid });
    expect(await t.kubectl("-n", t.namespace, "get", "job", job, "-o", "jsonpath={.metadata.labels.team}")).toBe("data");
    expect(await succeeded("migrate")).toBe(true);
  });

  it("fails clearly for a Job that does not exist, creating nothing", async () => {
    const p = progress();
    await expect(kubeExecutor(t.cluster, ALL)({ kind: "k8s.rerunJob", namespace: t.namespace, name: "nope" }, p.log, p.stage)).rejects.toThrow(
      /jobs.batch "nope" not found/,
    );
  });

  it("triggers a CronJob now: a Job owned by it, annotated manual, which completes", async () => {
    const version = await t.cluster.discovery.cronJobApiVersion();
    const cronJob = await t.create({
      apiVersion: version,
      kind: "CronJob",
      metadata: { name: "report" },
      // Never due on its own during the test (Feb 30th), so any Job is the manual one.
      spec: { schedule: "0 0 30 2 *", jobTemplate: { metadata: { labels: { kind: "report" } }, spec: jobSpec("reported") } },
    });
    const p = progress();
    const result = await kubeExecutor(t.cluster, ALL)({ kind: "k8s.triggerCronJob", namespace: t.namespace, name: "report" }, p.log, p.stage);
    const job = result.job as string;
    expect(job).toMatch(/^report-manual-[a-z0-9]{5}$/);
    expect(result.cronJobApiVersion).toBe(version);
    await until(() => succeeded(job), "the triggered Job to complete");
    expect((await logsOf(job)).trim()).toBe("reported");
    const created = JSON.parse(await t.kubectl("-n", t.namespace, "get", "job", job, "-o", "json"));
    expect(created.metadata.annotations["cronjob.kubernetes.io/instantiate"]).toBe("manual");
    expect(created.metadata.labels.kind).toBe("report");
    expect(created.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: "CronJob", name: "report", uid: cronJob.metadata.uid, apiVersion: version, controller: true }),
    ]);
  });
});
