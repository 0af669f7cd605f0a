// Kubernetes actions: authorized by Kubernetes RBAC, refused when the cluster's agent has
// the capability turned off (even for admins), run as an Update with live progress, and
// recorded on the timeline with who did what and how it ended.
import "../server-only";
import { z } from "zod";
import { Prisma } from "../generated/prisma/client";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import type { KubeAction } from "../authz/kube";
import { db } from "../db";
import { sortableId } from "../ids";
import { AppError } from "../errors";
import { runOnAgent } from "../agents/commands";
import { requirePresence } from "../agents/relay";
import { asExecution } from "../executions/run";
import { COMMAND_CAPABILITY, ZKubeCommandPayload, type KubeCommandPayload } from "../protocol/kube";
import { parseInput, throwIfAny } from "../validation";
import { validateCreate, validateEdit } from "./edit";
import { storedObject } from "./object";
import { komodorUid } from "./objects";
import { genericObject, isNamespaced, scopeMismatch } from "./scope";
import { expectScale } from "./pending-scales";

export const ZKubeActionInput = z.object({ clusterId: z.string().min(1), payload: ZKubeCommandPayload }).strict();

/** The RBAC action, namespace and affected object of each command. */
function describe(p: KubeCommandPayload): { action: KubeAction; namespace: string | null; kind: string; name: string; label: string } {
  switch (p.kind) {
    case "k8s.scale":
      return { action: "scale", namespace: p.target.namespace, kind: p.target.kind, name: p.target.name, label: `Scale ${p.target.name} to ${p.replicas}` };
    case "k8s.restart":
      return { action: "restart", namespace: p.target.namespace, kind: p.target.kind, name: p.target.name, label: `Restart ${p.target.name}` };
    case "k8s.rollback":
      return { action: "rollback", namespace: p.target.namespace, kind: p.target.kind, name: p.target.name, label: `Roll back ${p.target.name}` };
    case "k8s.deletePod":
      return { action: "delete:pod", namespace: p.namespace, kind: "Pod", name: p.name, label: `Delete pod ${p.name}` };
    case "k8s.rerunJob":
      return { action: "rerun:job", namespace: p.namespace, kind: "Job", name: p.name, label: `Re-run job ${p.name}` };
    case "k8s.triggerCronJob":
      return { action: "run:cronjob", namespace: p.namespace, kind: "CronJob", name: p.name, label: `Trigger cronjob ${p.name}` };
    case "k8s.cordon":
      return { action: "cordon", namespace: null, kind: "Node", name: p.node, label: `${p.unschedulable ? "Cordon" : "Uncordon"} node ${p.node}` };
    case "k8s.drain":
      return { action: "drain", namespace: null, kind: "Node", name: p.node, label: `Drain node ${p.node}` };
    case "k8s.replace":
      return {
        action: "edit",
        namespace: p.manifest.metadata.namespace ?? null,
        kind: String(p.manifest.kind),
        name: p.manifest.metadata.name,
        label: `Edit ${p.manifest.kind} ${p.manifest.metadata.name}`,
      };
    case "k8s.create":
      return {
        action: "edit",
        namespace: p.manifest.metadata.namespace ?? null,
        kind: p.manifest.kind,
        name: p.manifest.metadata.name,
        label: `Create ${p.manifest.kind} ${p.manifest.metadata.name}`,
      };
    case "k8s.delete":
      return { action: "delete", namespace: p.namespace ?? null, kind: p.objectKind, name: p.name, label: `Delete ${p.objectKind} ${p.name}` };
  }
}

export async function runKubeAction(actor: Actor, body: unknown): Promise<{ updateId: string }> {
  const input = parseInput(ZKubeActionInput, body);
  const cluster = await db.cluster.findUnique({ where: { id: input.clusterId }, select: { id: true, name: true, agentId: true, template: true } });
  if (!cluster) throw new AppError("NOT_FOUND", "Cluster not found");
  const what = describe(input.payload);
  const target = { kind: "kube", cluster: cluster.name, action: what.action } as const;
  await authorize(actor, "execute", { ...target, namespace: what.namespace });
  // What can be said without the cluster is said first, before anything is asked of the agent.
  if (input.payload.kind === "k8s.create") throwIfAny(validateCreate(input.payload.manifest), "The manifest isn't valid");
  const agent = await requirePresence(cluster.agentId, `cluster ${cluster.name}`);
  if (!agent.capabilities?.kubernetes) throw new AppError("AGENT_OFFLINE", `The agent of cluster ${cluster.name} is not connected`);
  const generic = genericObject(input.payload);
  if (generic) {
    // The object's own scope decides: a cluster-wide kind needs the action on the whole cluster.
    const namespaced = await isNamespaced(agent.agentId, generic.apiVersion, generic.kind);
    what.namespace = namespaced ? (generic.namespace ?? null) : null;
    await authorize(actor, "execute", { ...target, namespace: what.namespace });
    const mismatch = scopeMismatch(generic.kind, namespaced, generic.namespace, generic.field);
    if (mismatch) throw mismatch;
  }
  if (input.payload.kind === "k8s.replace") {
    if (input.payload.manifest.kind === "Secret") throw new AppError("FORBIDDEN", "Secrets can't be edited here: their values never reach Wheelhouse");
    const m = input.payload.manifest;
    const original = await storedObject({ clusterId: cluster.id, kind: String(m.kind), namespace: m.metadata.namespace ?? "", name: m.metadata.name });
    throwIfAny(validateEdit(original, m), "The edited manifest isn't valid");
  }
  const capability = COMMAND_CAPABILITY[input.payload.kind];
  if (!agent.capabilities.kubernetes[capability]) {
    throw new AppError("FORBIDDEN", `The agent of cluster ${cluster.name} has actions.${capability} turned off; its operator must enable it`);
  }
  const uid = ["Deployment", "StatefulSet", "DaemonSet"].includes(what.kind) ? komodorUid(what.kind, cluster.name, what.namespace ?? "", what.name) : null;
  // Written while the Update is, and certainly before the command goes out (the watch may report the change at once).
  const expecting = uid && input.payload.kind === "k8s.scale" ? expectScale(uid, input.payload.replicas, actor.username) : Promise.resolve();
  expecting.catch(() => {}); // awaited below; a start that fails first must not leave it unhandled
  // Read with the cluster above: whether it is a template need not be read again.
  const on = { type: "cluster", id: cluster.id, name: cluster.name, namespace: what.namespace ?? "", template: cluster.template };
  return asExecution(actor, what.label, on, async (updateId) => {
    await expecting;
    const outcome = await runOnAgent(agent.agentId, updateId, input.payload, input.payload.kind === "k8s.drain" ? input.payload.timeoutSeconds + 30 : 120);
    const details = {
      actor: actor.username,
      action: what.action,
      updateId,
      payload: input.payload,
      success: outcome.success,
      error: outcome.error ?? null,
      result: outcome.result ?? null,
    };
    // On the timeline with who did what and how it ended: written in the statement that ends
    // the Update (one round trip fewer before the caller hears), so it is there when the end is.
    const along = Prisma.sql`INSERT INTO "TimelineEvent" (id, "clusterId", "komodorUid", namespace, "objectKind", "objectName", type, severity, summary, details, at)
      VALUES (${sortableId()}, ${cluster.id}, ${uid}, ${what.namespace ?? ""}, ${what.kind}, ${what.name}, 'action', ${outcome.success ? "info" : "error"},
        ${`${what.label} by ${actor.username}: ${outcome.success ? "done" : `failed (${outcome.error})`}`}, ${JSON.stringify(details)}::jsonb, ${new Date()})
      ON CONFLICT (id) DO NOTHING`;
    return { ...outcome, along };
  });
}
