// Procedure steps that act on no resource picked by a pattern: Kubernetes actions on one
// workload, sending an alert, sleeping. Each is prepared (checked for the principal) before its
// stage starts and run when the stage does, like resource steps (./steps.ts).
import "../server-only";
import { recordAlertEvent } from "../alerts/alerts";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError } from "../errors";
import { runKubeAction } from "../kube/actions";
import { STEP_PARAMS } from "../resources/procedure/schema";
import type { Step } from "./steps";
import type { z } from "zod";

export interface PreparedParamStep {
  kind: "params";
  /** What the run page shows for the step. */
  label: string;
  /** Runs it; an Update id when the step is an execution of its own (Kubernetes actions). */
  run: (signal: AbortSignal) => Promise<{ updateId?: string }>;
}

type Params<K extends keyof typeof STEP_PARAMS> = z.infer<(typeof STEP_PARAMS)[K]>;

export async function prepareParamStep(actor: Actor, step: Step, procedure: { id: string; name: string }): Promise<PreparedParamStep> {
  switch (step.operation) {
    case "KubeScale":
    case "KubeRestart": {
      const p = STEP_PARAMS[step.operation].parse(step.params) as Params<"KubeRestart"> & { replicas?: number };
      const cluster = await db.cluster.findUnique({ where: { name: p.cluster }, select: { id: true, name: true } });
      if (!cluster) throw new AppError("INVALID_INPUT", `There is no cluster ${p.cluster}`);
      const action = step.operation === "KubeScale" ? "scale" : "restart";
      await authorize(actor, "execute", { kind: "kube", cluster: cluster.name, namespace: p.namespace, action }).catch((e) => {
        if (e instanceof AppError && (e.code === "FORBIDDEN" || e.code === "NOT_FOUND"))
          throw new AppError("FORBIDDEN", `${actor.username} may not ${action} workloads in ${cluster.name}/${p.namespace}`);
        throw e;
      });
      const target = { kind: p.kind, namespace: p.namespace, name: p.name };
      const payload = step.operation === "KubeScale" ? { kind: "k8s.scale" as const, target, replicas: p.replicas! } : { kind: "k8s.restart" as const, target };
      return {
        kind: "params",
        label: `${action} ${p.kind} ${p.namespace}/${p.name} in ${cluster.name}${p.replicas !== undefined ? ` to ${p.replicas}` : ""}`,
        run: () => runKubeAction(actor, { clusterId: cluster.id, payload }),
      };
    }
    case "SendAlert": {
      const p = STEP_PARAMS.SendAlert.parse(step.params);
      return {
        kind: "params",
        label: `send a ${p.level} alert`,
        run: async () => {
          await recordAlertEvent({
            type: "Custom",
            level: p.level,
            target: { type: "procedure", ...procedure },
            message: p.message,
            data: { by: actor.username },
          });
          return {};
        },
      };
    }
    case "Sleep": {
      const { durationMs } = STEP_PARAMS.Sleep.parse(step.params);
      return { kind: "params", label: `sleep ${durationMs} ms`, run: (signal) => sleep(durationMs, signal).then(() => ({})) };
    }
    default:
      throw new AppError("INVALID_INPUT", `${step.operation} takes a target`);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), reject(new AppError("CONFLICT", "Cancelled"))), { once: true });
  });
}
