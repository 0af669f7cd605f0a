"use client";

import { useCallback, useState, type ReactNode } from "react";
import { api } from "@/lib/client/api";
import { updateKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { atLeast, type Level } from "@/lib/authz/permissions";
import { UpdateConsole } from "../executions/update-console";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";

export type DeletableKind = "image" | "volume" | "network";

export interface DeleteTarget {
  what: DeletableKind;
  /** What the body names: an image or network id, a volume name. */
  ref: string;
  /** What the person sees: tags, a name. */
  label: string;
}

const CONSEQUENCE: Record<DeletableKind, string> = {
  image: "It is refused if a container uses it, unless you force it (never while one runs).",
  volume: "Its data is gone for good. It is refused while a container uses it.",
  network: "It is refused while a container is connected to it.",
};

/**
 * Delete buttons for the inventory's image, volume and network rows: each asks first, runs the
 * server's delete-<kind> execution (an Update, streamed below the tables) and, for people
 * without Execute on the server, is disabled with the reason. The inventory refetches when the
 * Update ends (its resource.changed event).
 */
export function useInventoryDelete(serverId: string, level: Level): { button: (target: DeleteTarget) => ReactNode; panel: ReactNode } {
  const [confirming, setConfirming] = useState<DeleteTarget | null>(null);
  const [force, setForce] = useState(false);
  const [updateId, setUpdateId] = useState<string | null>(null);
  const canExecute = atLeast(level, "Execute");
  const run = useApiMutation({
    mutationFn: ({ what, ref }: DeleteTarget) =>
      api<{ updateId: string }>(urls.resources.execute("servers", serverId, `delete-${what}`), {
        method: "POST",
        body: what === "image" ? { image: ref, force } : what === "volume" ? { volume: ref } : { network: ref },
      }),
    onSuccess: ({ updateId }) => (setConfirming(null), setUpdateId(updateId)),
    invalidate: [updateKeys.all],
    onError: () => setConfirming(null),
  });
  const pending = run.isPending;
  // Stable while nothing it shows changes: the inventory's column definitions depend on it.
  const button = useCallback(
    (target: DeleteTarget) => (
      <Button
        variant="danger"
        className="px-2 py-0.5 text-xs"
        disabled={!canExecute || pending}
        title={canExecute ? `Delete ${target.what} ${target.label}` : `Deleting needs Execute permission on this server`}
        aria-label={`Delete ${target.what} ${target.label}`}
        onClick={() => (setForce(false), setConfirming(target))}
      >
        Delete
      </Button>
    ),
    [canExecute, pending],
  );
  const panel = (
    <>
      {updateId ? <UpdateConsole key={updateId} updateId={updateId} /> : null}
      <ConfirmDialog
        open={!!confirming}
        title={`Delete ${confirming?.what} ${confirming?.label}?`}
        confirmLabel="Delete"
        pending={run.isPending}
        onConfirm={() => confirming && run.mutate(confirming)}
        onCancel={() => setConfirming(null)}
      >
        <p>{confirming ? CONSEQUENCE[confirming.what] : null}</p>
        {confirming?.what === "image" ? (
          <label className="mt-3 flex items-center gap-2">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            Force: delete it even if stopped containers use it
          </label>
        ) : null}
      </ConfirmDialog>
    </>
  );
  return { button, panel };
}
