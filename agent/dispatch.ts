// Runs the commands core sends, once each (see journal.ts), streaming stages and log lines
// back and ending every command with exactly one result.
import type { AgentMessage, CommandPayload, CoreMessage } from "../lib/protocol/agent";
import { composeAction, composeUp } from "./docker/compose";
import { composeActionFromSource, composeUpFromSource, isSourced } from "./docker/compose-source";
import { containerAction } from "./docker/container-action";
import { deployContainer } from "./docker/deploy";
import { housekeeping } from "./docker/housekeeping";
import { prune } from "./docker/inventory";
import { runBuild } from "./build/build";
import { syncRepo } from "./git/repo";
import type { LogFn, StageFn } from "./docker/progress";
import type { Journal } from "./journal";

type Command = Extract<CoreMessage, { type: "command" }>;
type Send = (message: AgentMessage) => void;

/** Kubernetes commands, answered by the cluster-mode handler when this agent runs one. */
let executeKube: (payload: Extract<CommandPayload, { kind: `k8s.${string}` }>, log: LogFn, stage: StageFn) => Promise<Record<string, unknown>> = async () => {
  throw new Error("This agent is not running in cluster mode (start it with --kubeconfig or inside a cluster)");
};
export function setKubeExecutor(fn: typeof executeKube) {
  executeKube = fn;
}

async function execute(payload: CommandPayload, log: LogFn, stage: StageFn, signal: AbortSignal): Promise<Record<string, unknown>> {
  switch (payload.kind) {
    case "container.deploy":
      return deployContainer(payload.spec, log, stage);
    case "container.action":
      return containerAction(payload.container, payload.action, payload.stopTimeoutSeconds);
    case "compose.up":
      return isSourced(payload.spec) ? { ...(await composeUpFromSource(payload.spec, log, stage)) } : composeUp(payload.spec, log, stage);
    case "compose.action":
      return isSourced(payload.spec)
        ? composeActionFromSource(payload.spec, payload.action, payload.removeOrphans, log, stage)
        : composeAction(payload.spec, payload.action, payload.removeOrphans, log, stage);
    case "docker.prune": {
      const result = await prune(payload.what);
      log("prune", "stdout", JSON.stringify(result));
      return { ...result };
    }
    case "docker.containers":
    case "docker.image.delete":
    case "docker.volume.delete":
    case "docker.network.delete":
      return housekeeping(payload, log, stage);
    case "repo.sync":
      return syncRepo(payload, log, stage, signal);
    case "build.run":
      return { ...(await runBuild(payload, log, stage, signal)) };
    default:
      return executeKube(payload, log, stage);
  }
}

/** Commands running in this process: a redelivery of one of them waits for its own result. */
const running = new Set<string>();
/** How to stop each running command, by command id (builds and repo syncs stop; others run to their end). */
const cancels = new Map<string, AbortController>();

/** Core's `command.cancel`: kills what the command runs; it then fails as cancelled. */
export function cancelCommand(commandId: string): void {
  cancels.get(commandId)?.abort();
}

export async function runCommand(command: Command, journal: Journal, send: Send): Promise<void> {
  const { commandId, idempotencyKey } = command;
  const seen = journal.get(idempotencyKey);
  if (seen) {
    // Delivered before (core redelivers what is in flight when the agent reconnects): report
    // what happened, never run it again. One still running here reports its result when done.
    send({ type: "command.ack", commandId, duplicate: true });
    if (running.has(idempotencyKey)) return;
    const error = seen.status === "running" ? "The agent restarted while this command ran; it was not run again" : seen.error;
    send({ type: "command.result", commandId, success: seen.status === "done" && Boolean(seen.success), error, result: seen.result });
    return;
  }
  journal.start(idempotencyKey);
  running.add(idempotencyKey);
  send({ type: "command.ack", commandId, duplicate: false });
  const log: LogFn = (stage, stream, line) => send({ type: "command.log", commandId, stage, stream, line });
  const stage: StageFn = (name, cmd, status, success) => send({ type: "command.stage", commandId, stage: name, command: cmd, status, success });
  let outcome: { success: true; result: Record<string, unknown> } | { success: false; error: string };
  const cancel = new AbortController();
  cancels.set(commandId, cancel);
  try {
    outcome = { success: true, result: await execute(command.payload, log, stage, cancel.signal) };
  } catch (e) {
    outcome = { success: false, error: cancel.signal.aborted ? "Cancelled" : (e as Error).message };
  } finally {
    cancels.delete(commandId);
  }
  // Core is waiting on the result, not on the journal: the result goes first, and the journal
  // records it in the same turn of the event loop, so no redelivery can come in between. (What
  // keeps a command from running twice is its start, journaled before it ran.) A journal that
  // can't be written must not keep the result from core.
  send({ type: "command.result", commandId, ...outcome });
  try {
    journal.finish(idempotencyKey, outcome.success, outcome.success ? undefined : outcome.error, outcome.success ? outcome.result : undefined);
  } catch (e) {
    console.error(`[agent] could not journal the result of command ${commandId}: ${(e as Error).message}`);
  } finally {
    running.delete(idempotencyKey);
  }
}
