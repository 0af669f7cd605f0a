// cordon/uncordon and drain. Drain goes through the Eviction API, never a plain delete, so
// PodDisruptionBudgets hold: a 429 (the budget allows no disruption now) is retried every few
// seconds until the deadline, and pods still blocked then are reported and left running.
import type { LogFn, StageFn } from "../docker/progress";
import { runStage } from "../docker/progress";
import { ref, type Cluster } from "./cluster";
import { isStatus, type KubeApiError } from "./rest";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw API JSON

const RETRY_MS = 5_000;
const MIRROR = "kubernetes.io/config.mirror";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function cordon(c: Cluster, node: string, unschedulable: boolean, log: LogFn) {
  const path = await c.discovery.path("v1", "Node", undefined, node);
  await c.client.request("PATCH", path, { body: { spec: { unschedulable } }, contentType: "application/merge-patch+json" });
  log(
    unschedulable ? "cordon" : "uncordon",
    "stdout",
    `node ${node} ${unschedulable ? "cordoned: no new pods will be scheduled on it" : "uncordoned: schedulable again"}`,
  );
  return { node, unschedulable };
}

/** Which pods a drain evicts, and why the others stay (as kubectl drain decides). */
export function drainPlan(pods: Json[]): { evict: Json[]; skipped: { pod: string; why: string }[] } {
  const evict: Json[] = [];
  const skipped: { pod: string; why: string }[] = [];
  for (const pod of pods) {
    const name = ref(pod.metadata.namespace, pod.metadata.name);
    if (pod.metadata.annotations?.[MIRROR] !== undefined) skipped.push({ pod: name, why: "static (mirror) pod, managed by the kubelet" });
    else if ((pod.metadata.ownerReferences ?? []).some((o: Json) => o.kind === "DaemonSet" && o.controller))
      skipped.push({ pod: name, why: "DaemonSet pod, would be recreated on the node" });
    else evict.push(pod);
  }
  return { evict, skipped };
}

interface Pending {
  pod: Json;
  evicted: boolean;
  gone: boolean;
  /** Why the last eviction attempt was refused. */
  lastError?: string;
  /** Set for refusals that retrying can't fix (anything but 429). */
  failed?: boolean;
}

export interface DrainOptions {
  /**
   * Limits which pods are evicted. Not reachable from core (a drain empties the node); the
   * integration test uses it so that draining the shared test node never evicts other tests' pods.
   */
  only?: (pod: Json) => boolean;
}

export async function drain(c: Cluster, node: string, timeoutSeconds: number, log: LogFn, stage: StageFn, options: DrainOptions = {}) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  await runStage(stage, "cordon", `cordon ${node}`, () => cordon(c, node, true, log));
  const evictionVersion = await c.discovery.evictionApiVersion();
  const podsPath = await c.discovery.path("v1", "Pod");
  const { items } = await c.client.request<{ items: Json[] }>("GET", podsPath, { query: { fieldSelector: `spec.nodeName=${node}` } });
  const plan = drainPlan(options.only ? items.filter(options.only) : items);
  for (const s of plan.skipped) log("evict", "stdout", `skipping ${s.pod}: ${s.why}`);
  const pending: Pending[] = plan.evict.map((pod) => ({ pod, evicted: false, gone: false }));
  const name = (p: Pending) => ref(p.pod.metadata.namespace, p.pod.metadata.name);

  await runStage(stage, "evict", `evict ${pending.length} pod(s) from ${node} (${evictionVersion} Eviction)`, async () => {
    for (;;) {
      await Promise.all(pending.filter((p) => !p.evicted && !p.failed).map((p) => evict(c, evictionVersion, p, log)));
      await Promise.all(pending.filter((p) => p.evicted && !p.gone).map((p) => checkGone(c, p)));
      const left = pending.filter((p) => !p.gone);
      if (left.length === 0) return;
      if (left.every((p) => p.failed) || Date.now() + RETRY_MS > deadline) {
        const report = left.map((p) => `${name(p)} (${p.evicted ? "evicted but still terminating" : (p.lastError ?? "not evicted")})`);
        for (const line of report) log("evict", "stderr", `not drained: ${line}`);
        const when = left.every((p) => p.failed) ? "failed" : `did not finish within ${timeoutSeconds} s`;
        throw new Error(
          `drain of node ${node} ${when}: ${left.length} pod(s) could not be evicted: ${report.join("; ")}. They were not deleted; the node stays cordoned (uncordon it to undo)`,
        );
      }
      await sleep(RETRY_MS);
    }
  });
  log("evict", "stdout", `node ${node} drained: ${pending.length} pod(s) evicted, ${plan.skipped.length} skipped`);
  return { node, evicted: pending.map(name), skipped: plan.skipped };
}

async function evict(c: Cluster, apiVersion: string, p: Pending, log: LogFn) {
  const { namespace, name } = p.pod.metadata;
  const body = { apiVersion, kind: "Eviction", metadata: { namespace, name } };
  try {
    await c.client.request("POST", `${await c.discovery.path("v1", "Pod", namespace, name)}/eviction`, { body });
    p.evicted = true;
    log("evict", "stdout", `evicted ${ref(namespace, name)}`);
  } catch (e) {
    if (isStatus(e, 404)) {
      p.evicted = p.gone = true; // already gone
      return;
    }
    const message = (e as KubeApiError).message;
    const blocked = isStatus(e, 429);
    p.failed = !blocked;
    if (p.lastError !== message)
      log(
        "evict",
        "stderr",
        `${ref(namespace, name)}: ${blocked ? `blocked by a PodDisruptionBudget: ${message}; retrying every ${RETRY_MS / 1000} s` : message}`,
      );
    p.lastError = message;
  }
}

/** An evicted pod counts as drained once it is gone (or replaced by a new pod of the same name). */
async function checkGone(c: Cluster, p: Pending) {
  const { namespace, name, uid } = p.pod.metadata;
  try {
    const now = await c.client.request<Json>("GET", await c.discovery.path("v1", "Pod", namespace, name));
    p.gone = now.metadata.uid !== uid;
  } catch (e) {
    if (isStatus(e, 404)) p.gone = true;
  }
}
