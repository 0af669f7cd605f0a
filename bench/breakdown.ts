// Where an execution's time goes, from the timestamps its rows carry (one machine, one clock):
// the Update row, the agent command (created, finished), and the agent's first stage.
// Printed by the benchmarks next to their ratio against the CLI they are compared with.
import { db } from "@/lib/db";
import { median, ms } from "./stats";

export interface Phases {
  /** Caller's request → the Update row exists (authorization, validation, agent lookup). */
  accept: number;
  /** Update row → command row (resolving the spec, encrypting it). */
  prepare: number;
  /** Command row → the agent reported its first stage (the send, the socket, the agent's journal write). */
  deliver: number;
  /** The agent's work: first stage start → result recorded on the row. */
  work: number;
  /** Result recorded → Update ended (follow-up writes, log flush). */
  finish: number;
  /** Update ended → the caller saw it (live event). */
  notify: number;
}

/** The phases of one execution: `startedAt` is when the caller asked, `seenAt` when it saw the end. */
export async function phasesOf(updateId: string, startedAt: number, seenAt: number): Promise<Phases> {
  const update = await db.update.findUniqueOrThrow({ where: { id: updateId }, include: { logs: { orderBy: { startedAt: "asc" } } } });
  const command = await db.agentCommand.findFirstOrThrow({ where: { updateId }, orderBy: { createdAt: "asc" } });
  const t = (d: Date | null | undefined) => d?.getTime() ?? NaN;
  const firstStage = update.logs.find((l) => l.stage !== "agent");
  return {
    accept: t(update.startedAt) - startedAt,
    prepare: t(command.createdAt) - t(update.startedAt),
    deliver: t(firstStage?.startedAt) - t(command.createdAt),
    work: t(command.finishedAt) - t(firstStage?.startedAt),
    finish: t(update.endedAt) - t(command.finishedAt),
    notify: seenAt - t(update.endedAt),
  };
}

/** One line: the median of each phase over the runs. */
export function describePhases(runs: Phases[]): string {
  const keys = Object.keys(runs[0] ?? {}) as (keyof Phases)[];
  return keys.map((k) => `${k} ${ms(median(runs.map((r) => r[k])))}`).join(", ");
}
