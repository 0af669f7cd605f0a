"use client";

// A procedure run: its stages as columns, left to right in the order they run; each step with
// its state, duration, what its target matched and a link to each child Update's output. Read
// again every second and a half while the run is going (the run's state lives on its Update).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { api } from "@/lib/client/api";
import { updateKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { RunState, RunStatus, StepState } from "@/lib/procedures/state";
import type { UpdateDetail, UpdateSummary } from "@/lib/updates/types";
import { useCancel } from "../executions/update-console";
import { Badge, type Tone } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { UpdateStatusBadge } from "../updates/status-badge";

const TONE: Record<RunStatus, Tone> = { pending: "slate", running: "sky", success: "green", failed: "red", skipped: "slate", cancelled: "amber" };

function duration(startedAt?: string, endedAt?: string): string | null {
  if (!startedAt) return null;
  const ms = (endedAt ? new Date(endedAt).getTime() : Date.now()) - new Date(startedAt).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function ProcedureRunView({ initial }: { initial: UpdateDetail }) {
  const { data: update = initial } = useQuery({
    queryKey: updateKeys.detail(initial.id),
    queryFn: () => api<UpdateDetail>(urls.updates.detail(initial.id)),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.status === "Complete" ? false : 1500),
  });
  const state = update.detail as unknown as RunState;
  const children = new Map(update.children.map((c) => [c.id, c]));
  return (
    <Card title="Stages" actions={update.status !== "Complete" ? <CancelRun updateId={update.id} /> : null}>
      <div className="flex gap-3 overflow-x-auto pb-2" data-testid="procedure-run">
        {state.stages.map((stage, i) => (
          <section key={i} className="w-72 shrink-0 rounded-md border border-zinc-200 bg-zinc-50/60 p-3 dark:border-zinc-800 dark:bg-zinc-950/40">
            <header className="mb-2 flex items-center justify-between gap-2">
              <h3 className="truncate text-sm font-semibold" title={stage.name}>
                {i + 1}. {stage.name}
              </h3>
              <Badge tone={TONE[stage.status]}>{stage.status}</Badge>
            </header>
            {duration(stage.startedAt, stage.endedAt) ? <p className="mb-2 text-xs text-zinc-500">{duration(stage.startedAt, stage.endedAt)}</p> : null}
            <ul className="space-y-2">
              {stage.steps.map((step, j) => (
                <StepCard key={j} step={step} childOf={(id) => children.get(id)} />
              ))}
            </ul>
          </section>
        ))}
        {state.stages.length === 0 ? <p className="text-sm text-zinc-500">This procedure has no stages.</p> : null}
      </div>
    </Card>
  );
}

function StepCard({ step, childOf }: { step: StepState; childOf: (id: string) => UpdateSummary | undefined }) {
  const took = duration(step.startedAt, step.endedAt);
  const own = step.updateId ? childOf(step.updateId) : undefined;
  return (
    <li className="rounded border border-zinc-200 bg-white p-2 text-xs dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium">{step.operation}</span>
        <Badge tone={TONE[step.status]}>{step.status}</Badge>
      </div>
      {step.target ? <p className="mt-0.5 break-all font-mono text-zinc-600 dark:text-zinc-400">{step.target}</p> : null}
      {took ? <p className="text-zinc-500">{took}</p> : null}
      {step.error ? <p className="mt-1 text-red-600 dark:text-red-400">{step.error}</p> : null}
      {own ? <ChildLink child={own} label="output" /> : null}
      {step.matched?.length ? (
        <ul className="mt-1 space-y-0.5">
          {step.matched.map((m) => {
            const child = m.updateId ? childOf(m.updateId) : undefined;
            return (
              <li key={m.id} className="flex items-center justify-between gap-2">
                <span className="truncate">{m.name}</span>
                {child ? <ChildLink child={child} label="output" /> : <span className="text-zinc-400">not started</span>}
              </li>
            );
          })}
        </ul>
      ) : null}
    </li>
  );
}

function ChildLink({ child, label }: { child: UpdateSummary; label: string }) {
  return (
    <span className="flex items-center gap-1">
      <UpdateStatusBadge status={child.status} success={child.success} />
      <Link href={`/updates/${child.id}`} className="text-indigo-600 hover:underline dark:text-indigo-400">
        {label}
      </Link>
    </span>
  );
}

function CancelRun({ updateId }: { updateId: string }) {
  const { cancel, busy, error } = useCancel(updateId);
  return (
    <span className="flex items-center gap-2">
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
      <Button variant="secondary" onClick={cancel} disabled={busy}>
        {busy ? "Cancelling…" : "Cancel run"}
      </Button>
    </span>
  );
}
