"use client";

import { Play } from "lucide-react";
import { useState } from "react";
import { TYPE_NAMES } from "@/lib/resources/names";
import type { PlanItem, SyncPlan } from "@/lib/sync/types";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { EmptyState } from "../ui/states";
import { actionable, kindOf, PlanItems, TONE_OF } from "./plan-items";

/**
 * The plan's items with checkboxes, and "Execute selected" / "Execute all" behind a confirmation
 * that lists what will happen. `items` is undefined for all: core then takes every item of the
 * plan whose hash is sent.
 */
export function ExecutePlan({
  plan,
  name,
  canExecute,
  pending,
  onExecute,
}: {
  plan: SyncPlan;
  name: string;
  canExecute: boolean;
  pending: boolean;
  onExecute: (items?: string[]) => void;
}) {
  const todo = plan.items.filter(actionable);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  // Only keys the plan on screen still has count: a new plan drops what it no longer lists.
  const selected = new Set(todo.filter((i) => picked.has(i.key)).map((i) => i.key));
  const [confirming, setConfirming] = useState<"all" | "selected" | null>(null);
  const chosen = confirming === "selected" ? todo.filter((i) => selected.has(i.key)) : todo;
  const blocked = plan.errors.length > 0;

  const select = (keys: string[], on: boolean) =>
    setPicked((s) => {
      const next = new Set(s);
      for (const k of keys)
        if (on) next.add(k);
        else next.delete(k);
      return next;
    });

  return (
    <Card
      title="Changes"
      actions={
        canExecute && todo.length ? (
          <>
            <Button variant="secondary" disabled={!selected.size || pending || blocked} onClick={() => setConfirming("selected")}>
              Execute selected{selected.size ? ` (${selected.size})` : ""}
            </Button>
            <Button disabled={pending || blocked} onClick={() => setConfirming("all")}>
              <Play className="size-4" /> Execute all
            </Button>
          </>
        ) : null
      }
    >
      {blocked ? (
        <p className="text-sm text-zinc-500">Fix the errors above: a plan with errors applies nothing.</p>
      ) : todo.length === 0 ? (
        <>
          <EmptyState title="Nothing to do" description="Every declared resource matches what is here, and nothing needs deploying." />
          {plan.items.length ? (
            <div className="mt-4">
              <PlanItems items={plan.items} selected={selected} onSelect={select} selectable={false} />
            </div>
          ) : null}
        </>
      ) : (
        <PlanItems items={plan.items} selected={selected} onSelect={select} selectable={canExecute} />
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={`Execute ${confirming === "selected" ? `${chosen.length} selected item${chosen.length === 1 ? "" : "s"}` : "the plan"} of ${name}?`}
        confirmLabel="Execute"
        pending={pending}
        onConfirm={() => {
          onExecute(confirming === "selected" ? chosen.map((i) => i.key) : undefined);
          setConfirming(null);
        }}
        onCancel={() => setConfirming(null)}
      >
        <p>
          Every config change is applied in one transaction (all or nothing), then what deploys runs in rounds. If the plan changed since it was computed,
          nothing is applied and the new plan is shown.
        </p>
        <ul className="mt-3 max-h-64 space-y-1 overflow-auto" data-testid="execute-list">
          {chosen.map((i) => (
            <li key={i.key} className="flex items-center gap-2">
              <Badge tone={TONE_OF[kindOf(i)]}>{kindOf(i)}</Badge>
              <span>
                {TYPE_NAMES[i.type].label} <span className="font-medium text-zinc-900 dark:text-zinc-100">{i.name}</span>
                {describe(i)}
              </span>
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </Card>
  );
}

const describe = (i: PlanItem) =>
  [
    i.changes.length && i.action === "update" ? ` (${i.changes.length} field${i.changes.length === 1 ? "" : "s"})` : "",
    i.deploy.will && i.action !== "unchanged" ? ", then deploys" : "",
  ].join("");
