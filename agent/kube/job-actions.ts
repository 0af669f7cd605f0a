// Re-run a Job and trigger a CronJob now. Both create a new Job and leave the old ones alone:
// a re-run is named `<job>-rerun-<suffix>` rather than deleting and recreating the original,
// so the failed run (its pods and logs) stays for comparison and nothing is lost if the
// create fails. A manual CronJob run mirrors `kubectl create job --from=cronjob/…`.
import type { LogFn } from "../docker/progress";
import { generatedName, ref, type Cluster } from "./cluster";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw API JSON

/** Labels the Job controller puts on a Job and its pods; a new Job must get its own. */
const CONTROLLER_LABELS = ["controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name"];

const withoutControllerLabels = (labels: Record<string, string> | undefined) =>
  labels ? Object.fromEntries(Object.entries(labels).filter(([k]) => !CONTROLLER_LABELS.includes(k))) : undefined;

export async function rerunJob(c: Cluster, namespace: string, name: string, log: LogFn) {
  const jobs = await c.discovery.path("batch/v1", "Job", namespace);
  const job = await c.client.request<Json>("GET", await c.discovery.path("batch/v1", "Job", namespace, name));
  const newName = generatedName(name, "rerun");
  const spec = structuredClone(job.spec);
  // The selector and template labels point at the old Job's uid; the API server generates new ones.
  delete spec.selector;
  delete spec.manualSelector;
  spec.template.metadata = { ...spec.template.metadata, labels: withoutControllerLabels(spec.template.metadata?.labels) };
  const body = {
    apiVersion: "batch/v1",
    kind: "Job",
    // No ownerReferences: a re-run of a CronJob's Job must not be pruned by that CronJob's history limit.
    metadata: {
      name: newName,
      namespace,
      labels: withoutControllerLabels(job.metadata.labels),
      annotations: { ...job.metadata.annotations, "wheelhouse.dev/rerun-of": name },
    },
    spec,
  };
  const created = await c.client.request<Json>("POST", jobs, { body });
  log("rerun", "stdout", `Job ${ref(namespace, name)} re-run as ${ref(namespace, newName)}`);
  return { job: newName, uid: created.metadata.uid };
}

export async function triggerCronJob(c: Cluster, namespace: string, name: string, log: LogFn) {
  const version = await c.discovery.cronJobApiVersion();
  if (!version) throw new Error("This cluster serves no CronJob API (neither batch/v1 nor batch/v1beta1)");
  const cronJob = await c.client.request<Json>("GET", await c.discovery.path(version, "CronJob", namespace, name));
  const template = cronJob.spec.jobTemplate;
  const newName = generatedName(name, "manual");
  const body = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: newName,
      namespace,
      labels: template.metadata?.labels,
      annotations: { ...template.metadata?.annotations, "cronjob.kubernetes.io/instantiate": "manual" },
      // Owned by the CronJob like its scheduled Jobs: deleting the CronJob deletes this run too.
      ownerReferences: [{ apiVersion: version, kind: "CronJob", name, uid: cronJob.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: template.spec,
  };
  const created = await c.client.request<Json>("POST", await c.discovery.path("batch/v1", "Job", namespace), { body });
  log("trigger", "stdout", `CronJob ${ref(namespace, name)} (${version}) triggered: Job ${ref(namespace, newName)}`);
  return { job: newName, uid: created.metadata.uid, cronJobApiVersion: version };
}
