// The lane an agent's cluster objects take to storage, apart from its other messages so a burst
// of watch events (a rollout moves dozens of objects) never delays a command's result or a
// keystroke's echo. Changes that arrive while earlier ones are being stored are stored together
// as one batch (group commit): a quiet cluster's change is stored alone and at once, a busy one's
// in a few statements per batch instead of a few per change (bench/ingest.ts).
import { logger } from "../logger";
import type { AgentMessage } from "../protocol/agent";

export type ListPage = Extract<AgentMessage, { type: "k8s.list" }>;
export type ChangeMessage = Extract<AgentMessage, { type: "k8s.change" }>;

export interface KubeStore {
  list: (page: ListPage) => Promise<void>;
  changes: (batch: ChangeMessage[]) => Promise<void>;
  /** Core fell behind and dropped changes: the agent is to list every kind again. */
  resync: () => void;
}

/**
 * Cluster changes waiting to be stored, per agent. A cluster can change faster than core stores
 * it (a rollout of hundreds of pods): past this bound further changes are dropped rather than
 * queued in memory, and once the backlog has drained the agent is asked to re-list every kind,
 * which brings core back to the cluster's actual state.
 */
let backlogLimit = 5000;
/** For tests: a small bound makes the overflow path reachable with a handful of objects. */
export function setKubeBacklogLimit(limit: number): void {
  backlogLimit = limit;
}

/** The most changes stored as one batch (its statements carry a few MB at most). */
const MAX_BATCH = 5000;

export function kubeLane(agentId: string, store: KubeStore) {
  let chain = Promise.resolve();
  let backlog = 0;
  let dropped = false;
  /** The batch still taking changes: the one queued behind the work in progress. */
  let open: ChangeMessage[] | null = null;

  const enqueue = (work: () => Promise<void>, size: () => number, what: string) => {
    chain = chain
      .then(work)
      .catch((e) => logger.error(`agent ${agentId}: storing ${what} failed`, e))
      .finally(() => {
        backlog -= size();
        if (backlog > 0 || !dropped) return;
        dropped = false;
        logger.warn(`agent ${agentId}: cluster changes came faster than they could be stored; some were dropped, asking the agent to re-list`);
        store.resync();
      });
  };

  return {
    push(message: ListPage | ChangeMessage): void {
      if (message.type === "k8s.list") {
        // A list replaces what core holds, so it is never dropped; changes after it form a new batch.
        backlog++;
        open = null;
        return enqueue(
          () => store.list(message),
          () => 1,
          `${message.kind} list`,
        );
      }
      if (backlog >= backlogLimit) return void (dropped = true);
      backlog++;
      if (!open || open.length >= MAX_BATCH) {
        const batch: ChangeMessage[] = (open = []);
        enqueue(
          () => {
            if (open === batch) open = null;
            return store.changes(batch);
          },
          () => batch.length,
          `${batch.length} changes`,
        );
      }
      open.push(message);
    },
    /** Resolves once everything pushed so far is stored (for the benchmark). */
    idle: (): Promise<void> => chain,
  };
}
