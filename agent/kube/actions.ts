// The cluster-mode command executor (registered with dispatch.ts's setKubeExecutor): checks
// that this agent's operator enabled the capability a command needs, then runs it, streaming
// progress through the same log/stage callbacks as the Docker commands.
import { COMMAND_CAPABILITY, type KubeCommandPayload } from "../../lib/protocol/kube";
import { runStage, type LogFn, type StageFn } from "../docker/progress";
import { ref, type Cluster, type KubeFlags } from "./cluster";
import { rerunJob, triggerCronJob } from "./job-actions";
import { cordon, drain } from "./node-actions";
import { create, deleteObject, deletePod, replace } from "./object-actions";
import { rollback, restart, scale } from "./workload-actions";

const FLAG: Record<"basic" | "advanced", string> = {
  basic: "--actions-basic (values: actions.basic: true)",
  advanced: "--actions-advanced (values: actions.advanced: true)",
};

/** Why this agent refuses a command, or null when it may run it. */
export function refusal(kind: KubeCommandPayload["kind"], flags: KubeFlags): string | null {
  const needed = COMMAND_CAPABILITY[kind];
  if (flags[needed]) return null;
  return `${kind} is refused: this agent has ${needed} actions turned off. Its operator can enable them with ${FLAG[needed]}`;
}

type Result = Promise<Record<string, unknown>>;

async function run(c: Cluster, p: KubeCommandPayload, log: LogFn, stage: StageFn): Result {
  switch (p.kind) {
    case "k8s.scale":
      return runStage(stage, "scale", `scale ${p.target.kind} ${ref(p.target.namespace, p.target.name)} --replicas=${p.replicas}`, () =>
        scale(c, p.target, p.replicas, log),
      );
    case "k8s.restart":
      return runStage(stage, "restart", `rollout restart ${p.target.kind} ${ref(p.target.namespace, p.target.name)}`, () => restart(c, p.target, log));
    case "k8s.rollback":
      return runStage(stage, "rollback", `rollout undo ${p.target.kind} ${ref(p.target.namespace, p.target.name)}`, () => rollback(c, p.target, log));
    case "k8s.deletePod":
      return runStage(stage, "delete", `delete pod ${ref(p.namespace, p.name)}`, () => deletePod(c, p.namespace, p.name, log));
    case "k8s.rerunJob":
      return runStage(stage, "rerun", `re-run job ${ref(p.namespace, p.name)}`, () => rerunJob(c, p.namespace, p.name, log));
    case "k8s.triggerCronJob":
      return runStage(stage, "trigger", `create job --from=cronjob/${p.name} -n ${p.namespace}`, () => triggerCronJob(c, p.namespace, p.name, log));
    case "k8s.cordon":
      return runStage(stage, p.unschedulable ? "cordon" : "uncordon", `${p.unschedulable ? "cordon" : "uncordon"} ${p.node}`, () =>
        cordon(c, p.node, p.unschedulable, log),
      );
    case "k8s.drain":
      return drain(c, p.node, p.timeoutSeconds, log, stage);
    case "k8s.replace": {
      const m = p.manifest;
      return runStage(stage, "replace", `replace ${m.kind} ${ref(m.metadata.namespace, m.metadata.name)}`, () => replace(c, m, log));
    }
    case "k8s.create": {
      const m = p.manifest;
      return runStage(stage, "create", `create ${m.kind} ${ref(m.metadata.namespace, m.metadata.name)}`, () => create(c, m, log));
    }
    case "k8s.delete":
      return runStage(stage, "delete", `delete ${p.objectKind} ${ref(p.namespace, p.name)}`, () => deleteObject(c, p, log));
  }
}

/** The executor for `setKubeExecutor`: refuses what the operator didn't enable, runs the rest. */
export function kubeExecutor(c: Cluster, flags: KubeFlags) {
  return async (payload: KubeCommandPayload, log: LogFn, stage: StageFn): Result => {
    const refused = refusal(payload.kind, flags);
    if (refused) {
      log("refused", "stderr", refused);
      throw new Error(refused);
    }
    return run(c, payload, log, stage);
  };
}
