// The deploys a sync execute makes after its config is applied: in rounds ordered by `after`
// (across servers and types), in parallel within a round, each a child Update of the sync's.
// The first round with a failure is the last: later rounds don't run, and the report says
// what ran and how it went.
import "../server-only";
import type { Actor } from "../authz/actor";
import { isAppError } from "../errors";
import { executionFor } from "../resources/executions";
import { waitForEnd } from "../updates/wait";
import type { PlannedItem } from "./plan";

export interface RoundsReport {
  ok: boolean;
  lines: string[];
  failure?: string;
}

/** Deploying items grouped into rounds: each after every deploying item it names in `after`. */
export function roundsOf(items: PlannedItem[]): PlannedItem[][] {
  const deploying = items.filter((i) => i.deploy.will);
  const byName = new Map<string, PlannedItem[]>();
  for (const it of deploying) byName.set(it.name, [...(byName.get(it.name) ?? []), it]);
  const round = new Map<PlannedItem, number>();
  const depth = (it: PlannedItem): number => {
    const known = round.get(it);
    if (known !== undefined) return known;
    // The plan refused cycles, so this recursion ends.
    const d = Math.max(-1, ...it.after.flatMap((n) => byName.get(n) ?? []).map(depth)) + 1;
    round.set(it, d);
    return d;
  };
  const rounds: PlannedItem[][] = [];
  for (const it of deploying) (rounds[depth(it)] ??= []).push(it);
  return rounds.filter(Boolean);
}

export async function deployInRounds(
  actor: Actor,
  parentUpdateId: string,
  items: PlannedItem[],
  ids: Map<string, string>,
  log: (line: string) => void,
): Promise<RoundsReport> {
  const lines: string[] = [];
  const say = (line: string) => (lines.push(line), log(line));
  const stepActor: Actor = { ...actor, parentUpdateId };
  const rounds = roundsOf(items);
  for (const [n, round] of rounds.entries()) {
    say(`Round ${n + 1}: ${round.map((i) => `${i.type} ${i.name} (${i.deploy.reason})`).join(", ")}`);
    const outcomes = await Promise.all(
      round.map(async (it) => {
        const operation = it.type === "stack" && it.deploy.ifChanged ? "deploy-if-changed" : "deploy";
        try {
          const { updateId } = await executionFor(it.type, operation).run(stepActor, ids.get(it.key)!, {});
          const end = await waitForEnd(updateId);
          return end?.success ? null : `${it.type} ${it.name}: ${end?.error ?? "failed"}`;
        } catch (e) {
          return `${it.type} ${it.name}: ${isAppError(e) ? e.message : (e as Error).message}`;
        }
      }),
    );
    const failed = outcomes.filter((o): o is string => o !== null);
    if (failed.length) {
      const skipped = rounds.slice(n + 1).flat();
      say(`Round ${n + 1} failed: ${failed.join("; ")}`);
      if (skipped.length) say(`Not deployed: ${skipped.map((i) => `${i.type} ${i.name}`).join(", ")}`);
      return { ok: false, lines, failure: `Round ${n + 1}: ${failed.join("; ")}` };
    }
    say(`Round ${n + 1} done`);
  }
  return { ok: true, lines };
}
