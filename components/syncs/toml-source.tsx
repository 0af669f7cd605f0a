"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { resourceKeys, updateKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { atLeast } from "@/lib/authz/permissions";
import type { ResourceView } from "@/lib/resources/view";
import type { SyncError } from "@/lib/sync/types";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { CodeEditor } from "../ui/code-editor";

/**
 * A UI-sourced Sync's TOML (`config.contents`), edited in place with the plan's errors for its
 * file at their lines. Saving patches only `contents` through the resource API (the same
 * validation and Update record as the Configuration form), then asks for a new plan.
 */
export function TomlSource({
  resource,
  errors,
  focus,
  onSaved,
}: {
  resource: ResourceView;
  errors: SyncError[];
  focus?: { line: number };
  onSaved: () => void;
}) {
  const queryClient = useQueryClient();
  const saved = typeof resource.config.contents === "string" ? resource.config.contents : "";
  const [draft, setDraft] = useState(saved);
  // The saved text changed under us (the Configuration form, another user): follow it unless
  // there are edits here, which are never overwritten.
  const [base, setBase] = useState(saved);
  if (saved !== base) {
    if (draft === base) setDraft(saved);
    setBase(saved);
  }
  const canWrite = atLeast(resource.access.level, "Write");
  const dirty = draft !== saved;

  const save = useApiMutation({
    mutationFn: () => api<ResourceView>(urls.resources.detail("syncs", resource.id), { method: "PATCH", body: { config: { contents: draft } } }),
    onSuccess: (view) => {
      queryClient.setQueryData(resourceKeys.detail("syncs", resource.id), view);
      onSaved();
    },
    invalidate: [resourceKeys.lists("syncs"), updateKeys.all],
    successToast: "Saved; planning again",
  });
  const fieldError = save.fieldErrors["config.contents"]?.[0];

  return (
    <Card
      title="TOML"
      actions={
        canWrite ? (
          <>
            {dirty ? <span className="text-xs text-amber-600 dark:text-amber-400">Unsaved changes</span> : null}
            <Button variant="secondary" disabled={!dirty || save.isPending} onClick={() => setDraft(saved)}>
              Discard
            </Button>
            <Button disabled={!dirty || save.isPending} onClick={() => save.mutate()}>
              {save.isPending ? "Saving…" : "Save and plan"}
            </Button>
          </>
        ) : null
      }
    >
      <div id="sync-toml-editor">
        <CodeEditor
          label={`${resource.name}.toml`}
          language="toml"
          value={draft}
          onChange={canWrite ? setDraft : undefined}
          readOnly={!canWrite}
          // The errors are the saved text's: once it is edited they may no longer be at those lines.
          errors={dirty ? [] : errors.map((e) => ({ line: e.line, message: `${e.line}:${e.column}: ${e.message}` }))}
          focus={focus}
          height="24rem"
        />
      </div>
      {fieldError ? <p className="mt-2 text-sm text-red-600 dark:text-red-400">{fieldError}</p> : null}
      <p className="mt-2 text-xs text-zinc-500">
        Declare resources as <code>[[deployment]]</code>, <code>[[stack]]</code>, <code>[[build]]</code>… with <code>name</code>, <code>description</code>,{" "}
        <code>tags</code>, <code>deploy</code>, <code>after</code> and <code>config</code>. Fields you leave out keep their current value
        {resource.config.resetOmitted ? " — except here: this sync resets omitted fields to their defaults" : ""}.
        {canWrite ? "" : " You have read access; ask for Write to edit."}
      </p>
    </Card>
  );
}
