"use client";

import { useState, type ReactNode } from "react";
import { api } from "@/lib/client/api";
import { updateKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { atLeast, type Level } from "@/lib/authz/permissions";
import type { OperationInfo, ResourceTypeKey } from "@/lib/resources/define";
import { TYPE_NAMES } from "@/lib/resources/names";
// Not the registry: its config schemas (and zod) would be in every resource page's first load.
import { operationsOf } from "@/lib/resources/operations";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { UpdateConsole } from "./update-console";

/** The execution buttons of a resource and the live output of the last one started here. */
export function ExecutionBar({
  type,
  id,
  name,
  level,
  extra,
  children,
}: {
  type: ResourceTypeKey;
  id: string;
  name: string;
  level: Level;
  extra?: ReactNode;
  children?: ReactNode;
}) {
  const [updateId, setUpdateId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<OperationInfo | null>(null);
  const plural = TYPE_NAMES[type].plural;
  const run = useApiMutation({
    mutationFn: (op: OperationInfo) => api<{ updateId: string }>(urls.resources.execute(plural, id, op.operation), { method: "POST" }),
    onSuccess: ({ updateId }) => (setConfirming(null), setUpdateId(updateId)),
    invalidate: [updateKeys.all],
    onError: () => setConfirming(null),
  });
  const canExecute = atLeast(level, "Execute");
  // Per-item operations (delete an image) run from their item's row, with a body naming it; a
  // Sync's execute from its plan view, with the plan's hash.
  const operations = operationsOf(type).filter((op) => !op.perItem && !op.fromPlan);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {canExecute
          ? operations.map((op) => (
              <Button
                key={op.operation}
                variant={op.destructive ? "danger" : op.operation === "deploy" ? "primary" : "secondary"}
                disabled={run.isPending}
                onClick={() => (op.destructive ? setConfirming(op) : run.mutate(op))}
              >
                {op.label}
              </Button>
            ))
          : null}
        {extra}
      </div>
      {children}
      {updateId ? <UpdateConsole key={updateId} updateId={updateId} /> : null}
      <ConfirmDialog
        open={!!confirming}
        title={`${confirming?.label} ${name}?`}
        confirmLabel={confirming?.label ?? ""}
        pending={run.isPending}
        onConfirm={() => confirming && run.mutate(confirming)}
        onCancel={() => setConfirming(null)}
      >
        {confirming?.confirm ?? "This can't be undone from here."}
      </ConfirmDialog>
    </div>
  );
}
